import { ResolveField, Resolver } from '@nestjs/graphql';
import { FieldRoles } from '../auth/field-roles';
import { NOTE_READER_ROLES, READ_ROLES, Roles } from '../auth/roles.decorator';
import { ReadingKind } from '../common/domain-enums';
import { GraphQLContext } from '../common/graphql-context';
import { PlanType } from '../plans/plan.type';
import { SourceType } from '../sources/source.type';
import { TaskType } from '../tasks/task.type';
import { IndicatorReadingType, IndicatorType } from './indicator.type';

@Resolver(() => IndicatorType)
@Roles(...READ_ROLES)
export class IndicatorsResolver {
  @ResolveField(() => [IndicatorReadingType], { description: 'Actual readings, oldest first.' })
  async readings(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.ACTUAL);
  }

  @ResolveField(() => IndicatorReadingType, { nullable: true, description: 'The most recent actual reading.' })
  async latestReading(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.ACTUAL).at(-1) ?? null;
  }

  @ResolveField(() => IndicatorReadingType, { nullable: true, description: 'The latest recorded target.' })
  async target(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.TARGET).at(-1) ?? null;
  }

  @ResolveField(() => IndicatorReadingType, { nullable: true, description: 'The latest recorded baseline.' })
  async baseline(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return (await ctx.loaders.readingsByIndicator.load(i.id)).filter((r) => r.kind === ReadingKind.BASELINE).at(-1) ?? null;
  }

  @ResolveField(() => PlanType, { nullable: true, description: 'The plan the indicator is tied to; null when it is not tied to one.' })
  plan(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return i.planId === null ? null : ctx.loaders.plan.load(i.planId);
  }

  @ResolveField(() => TaskType, { nullable: true, description: 'The task the indicator measures; null when it is not tied to one.' })
  task(i: IndicatorType, _args: unknown, ctx: GraphQLContext) {
    return i.taskId === null ? null : ctx.loaders.task.load(i.taskId);
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
    return r.sourceId === null ? null : ctx.loaders.source.load(r.sourceId);
  }
}
