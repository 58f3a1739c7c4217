import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { FieldRoles } from '../auth/field-roles';
import { NOTE_READER_ROLES, READ_ROLES, Roles } from '../auth/roles.decorator';
import { ReadingKind } from '../common/domain-enums';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { SourceType } from '../sources/source.type';
import { TaskType } from '../tasks/task.type';
import { PaginationArgs, pageRequest } from '../common/pagination/pagination.args';
import { IndicatorConnection } from './indicator-connection.type';
import { IndicatorReadingType, IndicatorType } from './indicator.type';
import { IndicatorsService } from './indicators.service';
import { IndicatorLoaders } from './indicator.loaders';
import { PlanLoaders } from '../plans/plan.loaders';
import { SourceLoaders } from '../sources/source.loaders';
import { TaskLoaders } from '../tasks/task.loaders';

@Resolver(() => IndicatorType)
@Roles(...READ_ROLES)
export class IndicatorsResolver {
  constructor(private readonly indicatorsService: IndicatorsService) {}

  @Query(() => IndicatorConnection, {
    description: 'Every indicator by code, tied to a plan or task or not (a figure no source ties to a plan is still served).',
  })
  indicators(@Args() page: PaginationArgs) {
    return this.indicatorsService.page(pageRequest(page));
  }

  @Query(() => IndicatorType, { nullable: true, description: 'One indicator by its code; null when there is none.' })
  indicator(@Args('code', { description: 'The indicator\'s code, e.g. "yrd-hsr-operating-km".' }) code: string) {
    return this.indicatorsService.byCode(code);
  }

  @ResolveField(() => [IndicatorReadingType], { description: 'Actual readings, oldest first.' })
  async readings(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.of(IndicatorLoaders).readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.ACTUAL);
  }

  @ResolveField(() => IndicatorReadingType, { nullable: true, description: 'The most recent actual reading.' })
  async latestReading(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.of(IndicatorLoaders).readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.ACTUAL).at(-1) ?? null;
  }

  @ResolveField(() => [IndicatorReadingType], {
    description: 'Every recorded target, by date then as recorded; plans may set different targets for one date (see conflictsWith).',
  })
  async targets(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.of(IndicatorLoaders).readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.TARGET);
  }

  @ResolveField(() => IndicatorReadingType, {
    nullable: true,
    description: 'The latest recorded target (the last of `targets`); when targets conflict, read `targets` or `target.conflictsWith`.',
  })
  async target(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.of(IndicatorLoaders).readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.TARGET).at(-1) ?? null;
  }

  @ResolveField(() => IndicatorReadingType, { nullable: true, description: 'The latest recorded baseline.' })
  async baseline(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.of(IndicatorLoaders).readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.BASELINE).at(-1) ?? null;
  }

  @ResolveField(() => Boolean, {
    description:
      'True when two of its readings of the same kind and as-of date give figures that cannot both be true (sources disagree); see IndicatorReading.conflictsWith.',
  })
  hasConflicts(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(IndicatorLoaders).indicatorHasConflicts.load(i.id);
  }

  @ResolveField(() => PlanType, { nullable: true, description: 'The plan the indicator is tied to; null when it is not tied to one.' })
  plan(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return i.planId === null ? null : ctx.loaders.of(PlanLoaders).plan.load(i.planId);
  }

  @ResolveField(() => TaskType, { nullable: true, description: 'The task the indicator measures; null when it is not tied to one.' })
  task(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return i.taskId === null ? null : ctx.loaders.of(TaskLoaders).task.load(i.taskId);
  }
}

@Resolver(() => IndicatorReadingType)
@Roles(...READ_ROLES)
export class IndicatorReadingsResolver {
  // One rule for notes: a reading's note, like an update's, is an editor's remark, not shown to DASHBOARD or anonymous
  // callers. Its source stays public: it is the figure's evidence.
  @ResolveField(() => String, { nullable: true, description: 'A remark by whoever recorded the reading; null when none. Not shown to DASHBOARD callers.' })
  @FieldRoles(...NOTE_READER_ROLES)
  note(r: IndicatorReadingType) {
    return r.note;
  }

  @ResolveField(() => SourceType, { nullable: true, description: 'Where the figure was published: its evidence; null when not recorded.' })
  source(r: IndicatorReadingType, _args: unknown, ctx: GraphQLContext) {
    return r.sourceId === null ? null : ctx.loaders.of(SourceLoaders).source.load(r.sourceId);
  }

  @ResolveField(() => [IndicatorReadingType], {
    description:
      'Other readings of the same indicator, kind and as-of date whose figures cannot both be true (95 and 97; about ' +
      '8,000 and about 9,200; "ABOUT v" is read as within 2% of v, "OVER 6600" and 6704.4 agree), each with its own source: ' +
      'the sources disagree and neither is dropped. Empty when none.',
  })
  conflictsWith(r: IndicatorReadingType, _args: unknown, ctx: GraphQLContext) {
    return ctx.loaders.of(IndicatorLoaders).readingConflicts.load(String(r.id));
  }
}
