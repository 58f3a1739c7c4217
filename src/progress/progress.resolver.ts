import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { ProgressService } from './progress.service';
import { AreaProgress, RegionProgress, RoundSummary } from './progress.types';

@Resolver()
@Roles(...READ_ROLES)
export class ProgressResolver {
  constructor(private readonly progress: ProgressService) {}

  @Query(() => [AreaProgress], { description: 'One row per area in order (and one for tasks with no area), computed in one SQL statement.' })
  progressByArea(@Args('planCode', { description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' }) planCode: string, @Context() ctx: GraphQLContext) {
    return this.progress.byArea(planCode, ctx.loaders);
  }

  @Query(() => [RegionProgress], { description: 'One row per lead region (a task led by two regions counts for both), and one for tasks with none.' })
  progressByRegion(@Args('planCode', { description: 'The plan\'s code, e.g. "yrd-2024-2026"; matched whatever its case.' }) planCode: string) {
    return this.progress.byRegion(planCode);
  }

  @Query(() => [RoundSummary], { description: 'Every round side by side: reported completion (from evaluations) beside the computed rate.' })
  roundComparison(@Context() ctx: GraphQLContext) {
    return this.progress.roundComparison(ctx.loaders);
  }
}
