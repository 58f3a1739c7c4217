import { Args, Context, Info, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FieldRoles } from '../auth/field-roles';
import { NOTE_READER_ROLES, READ_ROLES, Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { GraphQLContext, Principal } from '../common/graphql-context';
import { pageRequest, PaginationArgs } from '../common/pagination/pagination.args';
import { TaskType } from '../tasks/task.type';
import { RecordTaskUpdateInput } from './dto/record-task-update.input';
import { TaskUpdateConnection, TaskUpdateType } from './task-update.type';
import { TaskUpdatesService } from './task-updates.service';
import { TaskHistoryService } from './task-history.service';
import { GraphQLResolveInfo } from 'graphql';
import { selectsTotalCount } from '../tasks/page-includes';
import { perFieldNode } from '../common/per-field-node';
import { TaskUpdateLoaders } from './task-update.loaders';
import { LATEST_UPDATE_ON_PAGE } from './latest-update.sql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';

@Resolver(() => TaskType)
@Roles(...READ_ROLES)
export class TaskHistoryResolver {
  constructor(
    private readonly updates: TaskUpdatesService,
    private readonly historyService: TaskHistoryService,
  ) {}

  @Mutation(() => TaskType, { description: 'Report status, progress, a note or evidence for a task (EDITOR of a lead region, or ADMIN).' })
  @Roles(Role.ADMIN, Role.EDITOR)
  recordTaskUpdate(
    @Args('input', { description: 'The task, the version read, and what to report.' }) input: RecordTaskUpdateInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.updates.record(input, principal);
  }

  @ResolveField(() => TaskUpdateConnection, { description: 'Every change to the task, newest first.' })
  history(@Parent() task: TaskType, @Args() page: PaginationArgs, @Info() info: GraphQLResolveInfo, @Context() ctx: GraphQLContext) {
    // The same page for every task of the request (one object: the service keys its batch by it).
    const asked = perFieldNode(info, 'Task.history', () => ({ ...pageRequest(page), totalCount: selectsTotalCount(info) }));
    return this.historyService.history(task.id, asked, ctx.loaders);
  }

  @ResolveField(() => TaskUpdateType, {
    nullable: true,
    description: "The newest entry of the task's history (its current version); null while the task has none.",
  })
  latestUpdate(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    const prefetched = LATEST_UPDATE_ON_PAGE.prefetched(task);
    return prefetched !== undefined ? prefetched : ctx.loaders.of(TaskUpdateLoaders).latestUpdate.load(task.id);
  }
}

@Resolver(() => TaskUpdateType)
@Roles(...READ_ROLES)
export class TaskUpdateFieldsResolver {
  @ResolveField(() => [String], { description: 'The task fields this version changed, status and progress included.' })
  changedFields(u: TaskUpdateType) {
    // Status and progress live in their own from/to columns, not in `changes`.
    const moved = [...(u.statusFrom !== u.statusTo ? ['status'] : []), ...(u.progressFrom !== u.progressTo ? ['progress'] : [])];
    return [...moved, ...Object.keys(u.changes ?? {})];
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The reporter's note (at most 4,000 characters); null when none. Not shown to DASHBOARD callers.",
  })
  @FieldRoles(...NOTE_READER_ROLES)
  note(u: TaskUpdateType) {
    return u.note;
  }

  @ResolveField(() => String, { nullable: true, description: 'An http(s) link to evidence of the change; null when none. Not shown to DASHBOARD callers.' })
  @FieldRoles(...NOTE_READER_ROLES)
  evidenceUrl(u: TaskUpdateType) {
    return u.evidenceUrl;
  }

  @ResolveField(() => String, { nullable: true, description: "The API key's name. Not shown to DASHBOARD callers." })
  @FieldRoles(...NOTE_READER_ROLES)
  author(u: TaskUpdateType) {
    return u.actorName;
  }
}
