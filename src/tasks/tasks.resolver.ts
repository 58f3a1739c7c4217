import { Args, ID, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { AreaType } from '../areas/area.type';
import { GraphQLContext } from '../common/graphql-context';
import { todayIn } from '../common/time-zone';
import { parseId } from '../common/parse-id';
import { pageRequest } from '../common/pagination/pagination.args';
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
import { AreaLoaders } from '../areas/area.loaders';
import { PlanLoaders } from '../plans/plan.loaders';
import { SourceLoaders } from '../sources/source.loaders';
import { TaskLoaders } from './task.loaders';

@Resolver(() => TaskType)
@Roles(...READ_ROLES)
export class TasksResolver {
  constructor(private readonly taskService: TasksService) {}

  @Query(() => TaskConnection, { description: 'Tasks, by default top-level and not archived, filtered and paged (Relay connection; first or last ≤ 100).' })
  tasks(@Args() args: TasksArgs, @Info() info: GraphQLResolveInfo) {
    const order = args.orderBy ?? TaskOrder.CODE_ASC;
    return this.taskService.page({ ...args.filter, planCode: args.planCode }, pageRequest(args), order, pageIncludes(info));
  }

  @Query(() => TaskType, { nullable: true, description: 'The task with this id, archived or not; null when there is none.' })
  task(@Args('id', { type: () => ID, description: "The task's global id." }) id: string) {
    return this.taskService.byId(parseId(id, 'Task'));
  }

  @Query(() => TaskType, {
    nullable: true,
    description: 'The task with this code in this plan (codes match whatever their case), archived or not; null when there is none.',
  })
  taskByCode(
    @Args('planCode', { description: 'The plan\'s code, e.g. "yrd-2024-2026".' }) planCode: string,
    @Args('code', { description: 'The task\'s code within the plan, e.g. "R3-A6-03".' }) code: string,
  ) {
    return this.taskService.byCode(planCode, code);
  }

  @ResolveField(() => PlanType, { description: 'The plan the task belongs to.' })
  plan(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(PlanLoaders).plan.load(task.planId);
  }

  @ResolveField(() => AreaType, { nullable: true, description: 'Null when no source ties the task to an area.' })
  area(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    if (task.prefetched) return task.prefetched.area;
    return task.areaId === null ? null : ctx.loaders.of(AreaLoaders).area.load(task.areaId);
  }

  @ResolveField(() => TaskType, { nullable: true, description: 'The task this one is a sub-task of; null for a top-level task.' })
  parent(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.parentId === null ? null : ctx.loaders.of(TaskLoaders).task.load(task.parentId);
  }

  @ResolveField(() => [TaskType], { description: "The task's sub-tasks that are not archived, by code." })
  subtasks(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(TaskLoaders).subtasks.load(task.id);
  }

  @ResolveField(() => [RegionType], { description: 'The regions that lead the task, in region order; empty when no source names one.' })
  leadRegions(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.prefetched?.leadRegions ?? ctx.loaders.of(TaskLoaders).leadRegions.load(task.id);
  }

  @ResolveField(() => Boolean, { description: "Due before today (the date in the plan's time zone) and not COMPLETED." })
  overdue(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    // Only a task that could be overdue needs its plan's clock (one batched statement per request at most).
    if (!mayBeOverdue(task)) return false;
    return ctx.loaders
      .of(PlanLoaders)
      .plan.load(task.planId)
      .then((plan) => isOverdue(task, todayIn(plan?.timeZone ?? 'UTC')));
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the task is published; null when not recorded (see sourceNote).' })
  source(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return task.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(task.sourceId);
  }
}
