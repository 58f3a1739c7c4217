import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { IndicatorLoaders } from './indicator.loaders';
import { IndicatorType } from './indicator.type';

/** Plan.indicators, beside the indicators it lists. */
@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlanIndicatorsResolver {
  @ResolveField(() => [IndicatorType], { description: 'Indicators tied to the plan itself, by code (indicators of its tasks are on Task.indicators).' })
  indicators(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(IndicatorLoaders).indicatorsByPlan.load(plan.id);
  }
}
