import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { TaskStatus } from '../common/domain-enums';
import { PageInfo } from '../common/pagination/page-info.type';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('TaskUpdate', { implements: () => [Node], description: 'One entry of a task\'s history; exactly one per version. Never edited.' })
export class TaskUpdateType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The task\'s version after this change.' }) version: number;
  @Field(() => Date) recordedAt: Date;
  @Field(() => LocalDateScalar, { nullable: true }) occurredOn: string | null;
  @Field(() => TaskStatus, { nullable: true }) statusFrom: TaskStatus | null;
  @Field(() => TaskStatus, { nullable: true }) statusTo: TaskStatus | null;
  @Field(() => Int, { nullable: true }) progressFrom: number | null;
  @Field(() => Int, { nullable: true }) progressTo: number | null;
  @Field({ description: 'API, IMPORT or ADMIN.' }) origin: string;

  taskId: number;
  note: string | null;
  evidenceUrl: string | null;
  actorName: string;
  actorKeyId: string | null;
  changes: Record<string, unknown> | null;
}

@ObjectType()
export class TaskUpdateEdge {
  @Field() cursor: string;
  @Field(() => TaskUpdateType) node: TaskUpdateType;
}

@ObjectType()
export class TaskUpdateConnection {
  @Field(() => [TaskUpdateEdge]) edges: TaskUpdateEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
