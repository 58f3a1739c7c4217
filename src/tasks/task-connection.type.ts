import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/page-info.type';
import { TaskType } from './task.type';

@ObjectType()
export class TaskEdge {
  @Field()
  cursor: string;

  @Field(() => TaskType)
  node: TaskType;
}

@ObjectType()
export class TaskConnection {
  @Field(() => [TaskEdge])
  edges: TaskEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'All tasks that match the filter, across pages.' })
  totalCount: number;
}
