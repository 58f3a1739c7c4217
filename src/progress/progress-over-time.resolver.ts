import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { ProgressTrendArgs, UpdateCoverageArgs } from './dto/progress.args';
import { ProgressOverTimeService } from './progress-over-time.service';
import { AS_OF_RULES, CoverageGroupBy, ProgressPoint, UpdateCoverage } from './progress-over-time.types';
import { UpdateCoverageService } from './update-coverage.service';

@Resolver()
@Roles(...READ_ROLES)
export class ProgressOverTimeResolver {
  constructor(
    private readonly overTime: ProgressOverTimeService,
    private readonly coverage: UpdateCoverageService,
  ) {}

  @Query(() => [ProgressPoint], {
    description:
      "A plan's (or one area's) status counts at the end of each month or quarter from `from` to `to`, in one SQL statement. " +
      `One point per period that overlaps the range, at its last day (the last point at \`to\`). ${AS_OF_RULES}`,
  })
  progressTrend(@Args() args: ProgressTrendArgs) {
    return this.overTime.trend(args);
  }

  @Query(() => [UpdateCoverage], {
    description:
      'Who is behind: per area (or lead region), how many top-level tasks had an update in the last staleAfterDays days, how many are stale or ' +
      "never reported, since when, and how many are overdue; today on the plan's clock. The least covered group first (share updated within the " +
      'window, ascending), then in order. One SQL statement.',
  })
  updateCoverage(@Args() args: UpdateCoverageArgs, @Context() ctx: GraphQLContext) {
    return this.coverage.coverage(args.planCode, args.groupBy ?? CoverageGroupBy.AREA, args.staleAfterDays ?? 30, ctx.loaders);
  }
}
