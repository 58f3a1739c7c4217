import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { AreaLoaders } from './area.loaders';
import { AreaType } from './area.type';

/** Plan.areas: a relation field lives with the folder that already depends on the other (areas/ on plans/). */
@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlanAreasResolver {
  @ResolveField(() => [AreaType], { description: "The plan's areas in order." })
  areas(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(AreaLoaders).areasByPlan.load(plan.id);
  }
}
