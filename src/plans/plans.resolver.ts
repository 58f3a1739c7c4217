import { Args, Context, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { SourceType } from '../sources/source.type';
import { PlanType } from './plan.type';
import { PlansService } from './plans.service';
import { SourceLoaders } from '../sources/source.loaders';

@Resolver(() => PlanType)
@Roles(...READ_ROLES)
export class PlansResolver {
  constructor(private readonly planService: PlansService) {}

  @Query(() => [PlanType], { description: 'Every plan, by round.' })
  plans(@Context() ctx: GraphQLContext) {
    return this.planService.list(ctx.loaders);
  }

  @Query(() => PlanType, { nullable: true, description: 'The plan with this code (any case); null when there is none.' })
  plan(@Args('code', { description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' }) code: string) {
    return this.planService.byCode(code);
  }

  @ResolveField(() => SourceType, { nullable: true, description: "Where the plan's text or its announcement was published; null when not recorded." })
  source(plan: PlanType, _args: unknown, ctx: GraphQLContext) {
    return plan.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(plan.sourceId);
  }
}
