import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AreaType } from '../areas/area.type';
import { FigureQualifier } from '../common/domain-enums';
import { PlanType } from '../plans/plan.type';
import { RegionType } from '../regions/region.type';
import { SourceType } from '../sources/source.type';
import { CATALOGUED_TASK_NOTE } from '../tasks/catalogued-task';

@ObjectType({ isAbstract: true })
export abstract class StatusCountsType {
  @Field(() => Int, { description: `Catalogued key tasks (not archived, not sub-tasks). ${CATALOGUED_TASK_NOTE}` })
  taskCount: number;
  @Field(() => Int) notReported: number;
  @Field(() => Int) notStarted: number;
  @Field(() => Int) inProgress: number;
  @Field(() => Int) completed: number;
  @Field(() => Int) delayed: number;
  @Field(() => Int) suspended: number;
  @Field(() => Int, { description: 'Due before today (the date in the plan\'s time zone) and not COMPLETED.' })
  overdue: number;
  @Field(() => Float, { nullable: true, description: 'COMPUTED: completed / taskCount (0–1); null when there are no tasks or none has a reported status.' })
  completionRate: number | null;
  @Field(() => Float, { nullable: true, description: 'COMPUTED: mean of reported progress (0–100) over tasks that report one; null when none do.' })
  averageProgress: number | null;
  @Field(() => Int, { description: 'Tasks with a reported progress figure (the base of averageProgress).' })
  progressReportedCount: number;
}

@ObjectType()
export class AreaProgress extends StatusCountsType {
  @Field(() => AreaType, { nullable: true, description: 'Null for the row of tasks that no source ties to an area.' })
  area: AreaType | null;

  @Field(() => Int, { nullable: true, description: 'The count the plan publishes for the area; null when unknown.' })
  declaredTaskCount: number | null;
}

@ObjectType()
export class RegionProgress extends StatusCountsType {
  @Field(() => RegionType, { nullable: true, description: 'Null for the row of tasks with no lead region recorded.' })
  region: RegionType | null;
}

@ObjectType({ description: 'A completion figure as reported by an evaluation, with its source.' })
export class ReportedCompletion {
  @Field(() => Float, { description: 'Rate 0–1: 0.9 with OVER reads "over 90%".' })
  value: number;

  @Field(() => FigureQualifier)
  qualifier: FigureQualifier;

  @Field(() => SourceType, { nullable: true })
  source: SourceType | null;
}

@ObjectType({ description: 'One round beside the others: the reported figure and the computed one, never mixed.' })
export class RoundSummary {
  @Field(() => PlanType)
  plan: PlanType;

  @Field(() => Int, { nullable: true })
  declaredTaskCount: number | null;

  @Field(() => Int, { description: `Key tasks catalogued in this tracker (may be fewer than declared). ${CATALOGUED_TASK_NOTE}` })
  catalogedTaskCount: number;

  @Field(() => Int, { description: 'Catalogued key tasks with a reported status (not NOT_REPORTED).' })
  reportedTaskCount: number;

  @Field(() => ReportedCompletion, { nullable: true, description: 'REPORTED by the latest evaluation; null if none.' })
  reportedCompletion: ReportedCompletion | null;

  @Field(() => Float, { nullable: true, description: 'COMPUTED: completed / catalogued key tasks; null when no task has a reported status.' })
  computedCompletionRate: number | null;
}
