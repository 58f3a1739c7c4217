import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { PlanProgressArgs } from './dto/progress.args';
import { ProgressOverTimeService } from './progress-over-time.service';
import { ProgressService } from './progress.service';
import { AreaProgress, RegionProgress, RoundSummary } from './progress.types';

@Resolver()
@Roles(...READ_ROLES)
export class ProgressResolver {
  constructor(
    private readonly progress: ProgressService,
    private readonly overTime: ProgressOverTimeService,
  ) {}

  @Query(() => [AreaProgress], {
    description:
      'One row per area in order (and one for tasks with no area), computed in one SQL statement; with asOf, as the plan stood at the end of that day.',
  })
  progressByArea(@Args() { planCode, asOf }: PlanProgressArgs, @Context() ctx: GraphQLContext) {
    return asOf ? this.overTime.byAreaAsOf(planCode, asOf, ctx.loaders) : this.progress.byArea(planCode, ctx.loaders);
  }

  @Query(() => [RegionProgress], {
    description:
      'One row per lead region (a task led by two regions counts for both), and one for tasks with none; with asOf, as the plan stood at the end of that day.',
  })
  progressByRegion(@Args() { planCode, asOf }: PlanProgressArgs) {
    return asOf ? this.overTime.byRegionAsOf(planCode, asOf) : this.progress.byRegion(planCode);
  }

  @Query(() => [RoundSummary], { description: 'Every round side by side: reported completion (from evaluations) beside the computed rate.' })
  roundComparison(@Context() ctx: GraphQLContext) {
    return this.progress.roundComparison(ctx.loaders);
  }
}
