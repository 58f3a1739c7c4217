import { Int, ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { CATALOGUED_TASK_NOTE } from './catalogued-task';
import { TaskLoaders } from './task.loaders';

/** Plan.catalogedTaskCount, beside the tasks it counts. */
@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlanTasksResolver {
  @ResolveField(() => Int, {
    description: `Top-level tasks catalogued in this tracker (not archived, not sub-tasks); may be fewer than declared. ${CATALOGUED_TASK_NOTE}`,
  })
  catalogedTaskCount(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(TaskLoaders).planTaskCount.load(plan.id);
  }
}
