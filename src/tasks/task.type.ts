import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { AreaBasis, TaskStatus } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import type { TaskPrefetch } from './task.entity';

@ObjectType('Task', { implements: () => [Node], description: 'A key task of a plan.' })
export class TaskType {
  @Field(() => ID)
  id: number;

  @Field()
  code: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  titleEn: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field(() => Int, { nullable: true, description: '0–100; null while no progress has been reported.' })
  progress: number | null;

  @Field(() => AreaBasis, { nullable: true, description: 'How the task\'s area is known.' })
  areaBasis: AreaBasis | null;

  @Field(() => [String])
  leadAgencies: string[];

  @Field(() => LocalDateScalar, { nullable: true })
  startDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  dueDate: string | null;

  @Field(() => Int, { description: 'Bumped by every change; pass it back as expectedVersion when writing.' })
  version: number;

  @Field(() => String, { nullable: true, description: 'How the task and its area are known, e.g. "area from briefing order".' })
  sourceNote: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  planId: number;
  areaId: number | null;
  parentId: number | null;
  sourceId: number | null;

  /** Not a field: relations a task page already read (see TaskPrefetch). */
  prefetched?: TaskPrefetch;
}
