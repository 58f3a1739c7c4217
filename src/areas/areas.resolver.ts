import { pageRequest } from '../common/pagination/pagination.args';
import { Args, Context, Info, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { pageIncludes } from '../tasks/page-includes';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { SourceType } from '../sources/source.type';
import { TaskOrder } from '../tasks/dto/task-filter.input';
import { AreaTasksArgs } from '../tasks/dto/tasks.args';
import { TaskConnection } from '../tasks/task-connection.type';
import { TasksService } from '../tasks/tasks.service';
import { AreaType } from './area.type';
import { CATALOGUED_TASK_NOTE } from '../tasks/catalogued-task';
import { PlanLoaders } from '../plans/plan.loaders';
import { SourceLoaders } from '../sources/source.loaders';
import { TaskLoaders } from '../tasks/task.loaders';

@Resolver(() => AreaType)
@Roles(...READ_ROLES)
export class AreasResolver {
  constructor(private readonly taskService: TasksService) {}

  @ResolveField(() => Int, { description: `Catalogued top-level tasks in this area (not archived, not sub-tasks); compare declaredTaskCount. ${CATALOGUED_TASK_NOTE}` })
  taskCount(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(TaskLoaders).areaTaskCount.load(area.id);
  }

  @ResolveField(() => PlanType, { description: 'The plan the area belongs to.' })
  plan(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(PlanLoaders).plan.load(area.planId);
  }

  @ResolveField(() => TaskConnection, { description: 'The area\'s tasks, filtered and paged like Query.tasks (first ≤ 100).' })
  tasks(@Parent() area: AreaType, @Args() args: AreaTasksArgs, @Info() info: GraphQLResolveInfo, @Context() ctx: GraphQLContext) {
    const page = { query: { ...args.filter }, page: pageRequest(args), order: args.orderBy ?? TaskOrder.CODE_ASC, include: pageIncludes(info) };
    return this.taskService.areaPage(area.id, page, ctx.loaders);
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the area and its figures come from; null when not recorded.' })
  source(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return area.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(area.sourceId);
  }
}
