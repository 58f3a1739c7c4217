import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanLoaders } from '../plans/plan.loaders';
import { PlanType } from '../plans/plan.type';
import { SourceLoaders } from '../sources/source.loaders';
import { SourceType } from '../sources/source.type';
import { AreaType } from './area.type';

@Resolver(() => AreaType)
@Roles(...READ_ROLES)
export class AreasResolver {
  @ResolveField(() => PlanType, { description: 'The plan the area belongs to.' })
  plan(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(PlanLoaders).plan.load(area.planId);
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the area and its figures come from; null when not recorded.' })
  source(area: AreaType, _args: unknown, ctx: GraphQLContext) {
    return area.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(area.sourceId);
  }
}
