import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AreaType } from '../areas/area.type';
import { FigureQualifier } from '../common/domain-enums';
import { PlanType } from '../plans/plan.type';
import { RegionType } from '../regions/region.type';
import { SourceType } from '../sources/source.type';
import { CATALOGUED_TASK_NOTE } from '../tasks/catalogued-task';

@ObjectType({ isAbstract: true })
export abstract class StatusCountsType {
  @Field(() => Int, {
    description: `Catalogued top-level tasks of the group (not archived, not sub-tasks; with asOf, catalogued and not archived by the end of that day). ${CATALOGUED_TASK_NOTE}`,
  })
  taskCount: number;
  @Field(() => Int, { description: 'Of taskCount, those with status NOT_REPORTED.' }) notReported: number;
  @Field(() => Int, { description: 'Of taskCount, those with status NOT_STARTED.' }) notStarted: number;
  @Field(() => Int, { description: 'Of taskCount, those with status IN_PROGRESS.' }) inProgress: number;
  @Field(() => Int, { description: 'Of taskCount, those with status COMPLETED.' }) completed: number;
  @Field(() => Int, { description: 'Of taskCount, those with the reported status DELAYED.' }) delayed: number;
  @Field(() => Int, { description: 'Of taskCount, those with status SUSPENDED.' }) suspended: number;
  @Field(() => Int, {
    description: "Due before today (the date in the plan's time zone; with asOf, before that day) and not COMPLETED (with asOf, at that day's end).",
  })
  overdue: number;
  @Field(() => Float, { nullable: true, description: 'COMPUTED: completed / taskCount (0–1); null when there are no tasks or none has a reported status.' })
  completionRate: number | null;
  @Field(() => Float, { nullable: true, description: 'COMPUTED: mean of reported progress (0–100) over tasks that report one; null when none do.' })
  averageProgress: number | null;
  @Field(() => Int, { description: 'Tasks with a reported progress figure (the base of averageProgress).' })
  progressReportedCount: number;
}

@ObjectType({ description: "Status counts of a plan's catalogued top-level tasks in one area, computed from the tracker's tasks." })
export class AreaProgress extends StatusCountsType {
  @Field(() => AreaType, { nullable: true, description: 'Null for the row of tasks that no source ties to an area.' })
  area: AreaType | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The number of key tasks the plan publishes for the area; null when unknown (and for the row without an area).',
  })
  declaredTaskCount: number | null;
}

@ObjectType({
  description:
    "Status counts of a plan's catalogued top-level tasks led by one region (a task led by two regions counts for both), computed from the tracker's tasks.",
})
export class RegionProgress extends StatusCountsType {
  @Field(() => RegionType, { nullable: true, description: 'Null for the row of tasks with no lead region recorded.' })
  region: RegionType | null;
}

@ObjectType({ description: 'A completion figure as reported by an evaluation, with its source.' })
export class ReportedCompletion {
  @Field(() => Float, { description: 'Rate 0–1: 0.9 with OVER reads "over 90%".' })
  value: number;

  @Field(() => FigureQualifier, { description: 'How the value relates to the true rate (OVER, ABOUT, …).' })
  qualifier: FigureQualifier;

  @Field(() => SourceType, { nullable: true, description: 'Where the evaluation was published; null when not recorded.' })
  source: SourceType | null;
}

@ObjectType({ description: 'One round beside the others: the reported figure and the computed one, never mixed.' })
export class RoundSummary {
  @Field(() => PlanType, { description: "The round's plan." })
  plan: PlanType;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan announces; null when not published.' })
  declaredTaskCount: number | null;

  @Field(() => Int, { description: `Top-level tasks catalogued in this tracker, not archived (may be fewer than declared). ${CATALOGUED_TASK_NOTE}` })
  catalogedTaskCount: number;

  @Field(() => Int, { description: 'Of catalogedTaskCount, those with a reported status (not NOT_REPORTED).' })
  reportedTaskCount: number;

  @Field(() => ReportedCompletion, {
    nullable: true,
    description: 'REPORTED by the latest evaluation (by evaluatedOn) that gives a completion figure; null if none.',
  })
  reportedCompletion: ReportedCompletion | null;

  @Field(() => Float, {
    nullable: true,
    description: 'COMPUTED: COMPLETED tasks / catalogedTaskCount, a fraction 0–1; null when no task has a reported status (never 0 by default).',
  })
  computedCompletionRate: number | null;
}
