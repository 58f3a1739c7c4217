import { Args, ID, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { AreaType } from '../areas/area.type';
import { GraphQLContext } from '../common/graphql-context';
import { todayIn } from '../common/time-zone';
import { parseId } from '../common/parse-id';
import { pageRequest } from '../common/pagination/pagination.args';
import { IndicatorType } from '../indicators/indicator.type';
import { PlanType } from '../plans/plan.type';
import { RegionType } from '../regions/region.type';
import { SourceType } from '../sources/source.type';
import { isOverdue, mayBeOverdue } from './overdue';
import { pageIncludes } from './page-includes';
import { TaskOrder } from './dto/task-filter.input';
import { TasksArgs } from './dto/tasks.args';
import { TaskConnection } from './task-connection.type';
import { TaskType } from './task.type';
import { TasksService } from './tasks.service';

@Resolver(() => TaskType)
@Roles(...READ_ROLES)
export class TasksResolver {
  constructor(private readonly taskService: TasksService) {}

  @Query(() => TaskConnection, { description: 'Key tasks, filtered and paged (Relay connection; first or last ≤ 100).' })
  tasks(@Args() args: TasksArgs, @Info() info: GraphQLResolveInfo) {
    const order = args.orderBy ?? TaskOrder.CODE_ASC;
    return this.taskService.page({ ...args.filter, planCode: args.planCode }, pageRequest(args), order, pageIncludes(info));
  }

  @Query(() => TaskType, { nullable: true })
  task(@Args('id', { type: () => ID }) id: string) {
    return this.taskService.byId(parseId(id, 'Task'));
  }

  @Query(() => TaskType, { nullable: true })
  taskByCode(@Args('planCode') planCode: string, @Args('code') code: string) {
    return this.taskService.byCode(planCode, code);
  }

  @ResolveField(() => PlanType)
  plan(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.plan.load(task.planId);
  }

  @ResolveField(() => AreaType, { nullable: true, description: 'Null when no source ties the task to an area.' })
  area(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    if (task.prefetched) return task.prefetched.area;
    return task.areaId === null ? null : ctx.loaders.area.load(task.areaId);
  }

  @ResolveField(() => TaskType, { nullable: true })
  parent(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.parentId === null ? null : ctx.loaders.task.load(task.parentId);
  }

  @ResolveField(() => [TaskType])
  subtasks(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.subtasks.load(task.id);
  }

  @ResolveField(() => [RegionType])
  leadRegions(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.prefetched?.leadRegions ?? ctx.loaders.leadRegions.load(task.id);
  }

  @ResolveField(() => Boolean, { description: 'Due before today (the date in the plan\'s time zone) and not COMPLETED.' })
  overdue(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    // Only a task that could be overdue needs its plan's clock (one batched statement per request at most).
    if (!mayBeOverdue(task)) return false;
    return ctx.loaders.plan.load(task.planId).then((plan) => isOverdue(task, todayIn(plan?.timeZone ?? 'UTC')));
  }

  @ResolveField(() => SourceType, { nullable: true })
  source(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.sourceId === null ? null : ctx.loaders.source.load(task.sourceId);
  }

  @ResolveField(() => [IndicatorType])
  indicators(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.prefetched?.indicators ?? ctx.loaders.indicatorsByTask.load(task.id);
  }
}
