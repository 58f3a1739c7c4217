import { ArgsType, Field } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PaginationArgs } from '../../common/pagination/pagination.args';
import { TaskFilter, TaskOrder } from './task-filter.input';

@ArgsType()
export class AreaTasksArgs extends PaginationArgs {
  @Field(() => TaskFilter, { nullable: true, description: 'Which tasks to list; by default top-level tasks (not sub-tasks) that are not archived.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskFilter)
  filter?: TaskFilter;

  @Field(() => TaskOrder, {
    nullable: true,
    defaultValue: TaskOrder.CODE_ASC,
    description: 'The order of the pages; a cursor is valid only in the order it was made for.',
  })
  @IsOptional()
  @IsEnum(TaskOrder)
  orderBy?: TaskOrder;
}

@ArgsType()
export class TasksArgs extends AreaTasksArgs {
  @Field({ nullable: true, description: 'Only tasks of this plan.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  planCode?: string;
}
