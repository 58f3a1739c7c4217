import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import type { TaskPrefetch } from './task.entity';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';

@ObjectType('Task', {
  implements: () => [Node],
  description:
    'A task catalogued for a plan: a phrase from a public report of the plan (not always one of its numbered key tasks), or a sub-task under another task.',
})
export class TaskType {
  @Field(() => ID, { description: "The task's id; pass it as taskId or id when writing." })
  id: number;

  @Field({ description: 'The task\'s code, unique within its plan whatever its case (e.g. "R3-A6-03").' })
  code: string;

  @Field({ description: 'The title as the source words it (usually Chinese).' })
  title: string;

  @Field(() => String, { nullable: true, description: 'An English rendering of the title; null when none was made.' })
  titleEn: string | null;

  @Field(() => String, { nullable: true, description: 'Free text about the task (e.g. what a report said of its outcome); null when none.' })
  description: string | null;

  @Field(() => TaskStatus, { description: 'The last reported status; NOT_REPORTED until someone reports.' })
  status: TaskStatus;

  @Field(() => Int, {
    nullable: true,
    description: 'Reported progress, an integer percentage 0–100; null while no progress has been reported; 100 while COMPLETED.',
  })
  progress: number | null;

  @Field(() => AreaBasis, { nullable: true, description: "How the task's area is known." })
  areaBasis: AreaBasis | null;

  @Field(() => [String], { description: 'Agencies named as leading the task, as the source names them; empty when none are named.' })
  leadAgencies: string[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date work is planned to start; null when not stated. Never after dueDate.' })
  startDate: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      "The date the task is due; null when not stated. The task is overdue once today, in the plan's time zone, is after it and it is not COMPLETED.",
  })
  dueDate: string | null;

  @Field(() => Int, { description: 'Bumped by every change; pass it back as expectedVersion when writing.' })
  version: number;

  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  @Field(() => String, { nullable: true, description: 'How the task and its area are known, e.g. "area from briefing order".' })
  sourceNote: string | null;

  @Field(() => Date, { description: 'When the task was added to this tracker (a timestamp, UTC).' })
  createdAt: Date;

  @Field(() => Date, {
    description: "When the task's row last changed in this tracker (a timestamp, UTC); not when the work happened (see TaskUpdate.occurredOn).",
  })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the task was archived (soft delete: its history is kept); null while active.' })
  archivedAt: Date | null;

  planId: number;
  areaId: number | null;
  parentId: number | null;
  sourceId: number | null;

  /** Not a field: relations a task page already read (see TaskPrefetch). */
  prefetched?: TaskPrefetch;
}
