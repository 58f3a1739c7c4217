import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AreaType } from '../areas/area.type';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { RegionType } from '../regions/region.type';
import { CATALOGUED_TASK_NOTE } from '../tasks/catalogued-task';
import { TrendInterval } from './over-time.rules';

registerEnumType(TrendInterval, {
  name: 'TrendInterval',
  description: 'The period between two points of a trend.',
  valuesMap: {
    MONTH: { description: 'One point per calendar month, at its last day.' },
    QUARTER: { description: 'One point per calendar quarter (January–March, …), at its last day.' },
  },
});

export enum CoverageGroupBy {
  AREA = 'AREA',
  REGION = 'REGION',
}
registerEnumType(CoverageGroupBy, {
  name: 'CoverageGroupBy',
  description: "How updateCoverage groups a plan's tasks.",
  valuesMap: {
    AREA: { description: 'One row per area of the plan (and one for tasks with no area).' },
    REGION: { description: 'One row per lead region (a task led by two regions counts for both), and one for tasks with none.' },
  },
});

/** How a day's counts are judged; shared by the descriptions of every answer about a past day. */
export const AS_OF_RULES =
  "Each top-level task counts from the day it was catalogued (created in this tracker, on the plan's clock) until the day it was archived, " +
  'with the status of its latest update whose occurredOn is on or before that day (ties broken by version; admin catalogue edits are not updates), ' +
  'or the status it was catalogued with (NOT_REPORTED unless an import gave one) before any; it is grouped by its current area and lead regions ' +
  'and is overdue when its current due date is before that day and that status is not COMPLETED.';

@ObjectType({ description: `A plan's (or one area's) status counts as they stood at the end of one day, in the plan's time zone. ${AS_OF_RULES}` })
export class ProgressPoint {
  @Field(() => LocalDateScalar, { description: 'The day: the last day of the period, or `to` for a period that runs past it.' })
  asOf: string;

  @Field(() => Int, { description: `Top-level tasks counted at the end of asOf (catalogued by then, not archived by then). ${CATALOGUED_TASK_NOTE}` })
  taskCount: number;

  @Field(() => Int, { description: 'Of taskCount, those COMPLETED at the end of asOf.' })
  completed: number;

  @Field(() => Int, { description: 'Of taskCount, those IN_PROGRESS at the end of asOf.' })
  inProgress: number;

  @Field(() => Int, { description: 'Of taskCount, those NOT_STARTED at the end of asOf.' })
  notStarted: number;

  @Field(() => Int, { description: 'Of taskCount, those DELAYED at the end of asOf.' })
  delayed: number;

  @Field(() => Int, { description: 'Of taskCount, those SUSPENDED at the end of asOf.' })
  suspended: number;

  @Field(() => Int, { description: 'Of taskCount, those with no reported status (NOT_REPORTED) at the end of asOf.' })
  notReported: number;

  @Field(() => Int, { description: 'Of taskCount, those due before asOf and not COMPLETED at its end.' })
  overdue: number;

  @Field(() => Float, {
    nullable: true,
    description: 'COMPUTED: completed / taskCount (0–1) at the end of asOf; null when no task counted or none had a reported status. Not a reported figure.',
  })
  completionRate: number | null;
}

@ObjectType({ description: 'One group of a plan\'s top-level tasks (not archived) and how recently they were updated: a row of a "needs attention" list.' })
export class UpdateCoverage {
  @Field(() => AreaType, { nullable: true, description: 'The area (groupBy AREA); null for tasks with no area, and for every row of groupBy REGION.' })
  area: AreaType | null;

  @Field(() => RegionType, {
    nullable: true,
    description: 'The lead region (groupBy REGION); null for tasks with no lead region, and for every row of groupBy AREA.',
  })
  region: RegionType | null;

  @Field(() => Int, { description: `Top-level tasks of the group that are not archived. ${CATALOGUED_TASK_NOTE}` })
  taskCount: number;

  @Field(() => LocalDateScalar, {
    description: "The first day of the window: today (the plan's clock) minus staleAfterDays, plus one day. Updates on or after it count as recent.",
  })
  windowStart: string;

  @Field(() => Int, {
    description: 'Of taskCount, those whose latest update (by occurredOn; an admin catalogue edit is not an update) is on or after windowStart.',
  })
  updatedWithin: number;

  @Field(() => Int, { description: 'Of taskCount, those updated before the window but not within it: taskCount − updatedWithin − neverReported.' })
  stale: number;

  @Field(() => Int, { description: 'Of taskCount, those that have never had an update (recordTaskUpdate, an import or the seed).' })
  neverReported: number;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The oldest latest-update date (occurredOn) among the stale tasks: the group has waited for news of some task since that day. Null when none is stale.',
  })
  staleSince: string | null;

  @Field(() => Int, { description: "Of taskCount, those due before today (the plan's clock) and not COMPLETED." })
  overdue: number;
}
