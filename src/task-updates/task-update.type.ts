import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { TaskStatus } from '../common/domain-enums';
import { PageInfo } from '../common/pagination/page-info.type';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('TaskUpdate', { implements: () => [Node], description: "One entry of a task's history; exactly one per version. Never edited." })
export class TaskUpdateType {
  @Field(() => ID, { description: "The history entry's id." }) id: string;
  @Field(() => Int, { description: "The task's version after this change." }) version: number;
  @Field(() => Date, { description: 'When this tracker recorded the change (a timestamp, UTC).' }) recordedAt: Date;
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "The date the reported change happened, as the reporter gave it (default: the day it was recorded, in the plan's time zone).",
  })
  occurredOn: string | null;
  @Field(() => TaskStatus, { nullable: true, description: "The task's status before this change." }) statusFrom: TaskStatus | null;
  @Field(() => TaskStatus, { nullable: true, description: "The task's status after this change (equal to statusFrom when the status did not change)." })
  statusTo: TaskStatus | null;
  @Field(() => Int, { nullable: true, description: 'Progress (integer percent 0–100) before this change; null when none had been reported.' }) progressFrom:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Progress (integer percent 0–100) after this change; null when none is reported.' }) progressTo:
    number | null;
  @Field({
    description:
      'How the change came in: API (recordTaskUpdate), IMPORT (a task import) or ADMIN (createTask/updateTask/archiveTask) or SEED (a status a source of the seed data set states; note quotes it, evidenceUrl links it).',
  })
  origin: string;

  taskId: number;
  note: string | null;
  evidenceUrl: string | null;
  actorName: string;
  actorKeyId: string | null;
  changes: Record<string, unknown> | null;
}

@ObjectType({ description: 'One history entry of a page, with its cursor.' })
export class TaskUpdateEdge {
  @Field({ description: 'An opaque cursor for this entry; pass it as `after` to read on from it.' }) cursor: string;
  @Field(() => TaskUpdateType, { description: 'The history entry.' }) node: TaskUpdateType;
}

@ObjectType({ description: "A page of a task's history, newest version first." })
export class TaskUpdateConnection {
  @Field(() => [TaskUpdateEdge], { description: 'The entries of this page.' }) edges: TaskUpdateEdge[];
  @Field(() => PageInfo, { description: 'Whether more entries follow, and the cursor to read them.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'All history entries of the task, across pages (version − 1 for every task).' }) totalCount: number;
}
