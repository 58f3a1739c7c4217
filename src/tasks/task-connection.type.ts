import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/page-info.type';
import { TaskType } from './task.type';

@ObjectType({ description: 'One task of a page, with its cursor.' })
export class TaskEdge {
  @Field({ description: 'An opaque cursor for this task in this order; pass it as `after` to read on from it.' })
  cursor: string;

  @Field(() => TaskType, { description: 'The task.' })
  node: TaskType;
}

@ObjectType({ description: 'A page of tasks in the requested order.' })
export class TaskConnection {
  @Field(() => [TaskEdge], { description: 'The tasks of this page.' })
  edges: TaskEdge[];

  @Field(() => PageInfo, { description: 'Whether more tasks follow, and the cursor to read them.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'All tasks that match the filter, across pages.' })
  totalCount: number;
}
