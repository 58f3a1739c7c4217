import { Args, Context, Info, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { AreaType } from '../areas/area.type';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { perFieldNode } from '../common/per-field-node';
import { pageRequest } from '../common/pagination/pagination.args';
import { CATALOGUED_TASK_NOTE } from './catalogued-task';
import { TaskOrder } from './dto/task-filter.input';
import { AreaTasksArgs } from './dto/tasks.args';
import { pageIncludes } from './page-includes';
import { TaskConnection } from './task-connection.type';
import { TaskLoaders } from './task.loaders';
import { TasksService } from './tasks.service';

/** Area.taskCount and Area.tasks, beside the tasks they count and page. */
@Resolver(() => AreaType)
@Roles(...READ_ROLES)
export class AreaTasksResolver {
  constructor(private readonly taskService: TasksService) {}

  @ResolveField(() => Int, {
    description: `Catalogued top-level tasks in this area (not archived, not sub-tasks); compare declaredTaskCount. ${CATALOGUED_TASK_NOTE}`,
  })
  taskCount(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(TaskLoaders).areaTaskCount.load(area.id);
  }

  @ResolveField(() => TaskConnection, { description: "The area's tasks, filtered and paged like Query.tasks (first ≤ 100)." })
  tasks(@Parent() area: AreaType, @Args() args: AreaTasksArgs, @Info() info: GraphQLResolveInfo, @Context() ctx: GraphQLContext) {
    // The same page for every area of the request (one object: the service keys its batch by it).
    const page = perFieldNode(info, 'Area.tasks', () => ({
      query: { ...args.filter },
      page: pageRequest(args),
      order: args.orderBy ?? TaskOrder.CODE_ASC,
      include: pageIncludes(info),
    }));
    return this.taskService.areaPage(area.id, page, ctx.loaders);
  }
}
