import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { IsRecordId } from '../../common/id-field';

@InputType({ description: 'Archives a task (soft: the row and its history stay; it bumps the version and writes a history row).' })
export class ArchiveTaskInput {
  @Field(() => ID, { description: "The task's id." })
  @IsRecordId('Task')
  id: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with VERSION_CONFLICT.' })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  expectedVersion: number;
}
