import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TaskStatus } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { NOTE_MAX } from '../task-change.rules';

@InputType({ description: 'A progress report on one task. Give at least one of status, progress, note, evidenceUrl.' })
export class RecordTaskUpdateInput {
  @Field(() => ID, { description: "The task's id." })
  @IsRecordId('Task')
  taskId: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with VERSION_CONFLICT.' })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  expectedVersion: number;

  @Field(() => TaskStatus, {
    nullable: true,
    description: 'The new status; NOT_REPORTED is refused once a task has been reported on. Leave out to keep the status.',
  })
  @IsOptional()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @Field(() => Int, {
    nullable: true,
    description:
      'Progress as an integer percentage 0–100; COMPLETED means 100. Refused with NOT_REPORTED; alone on a NOT_REPORTED task it moves the task to IN_PROGRESS.',
  })
  @IsOptional()
  @IsInt({ message: 'progress must be an integer from 0 to 100' })
  @Min(0, { message: 'progress must be an integer from 0 to 100' })
  @Max(100, { message: 'progress must be an integer from 0 to 100' })
  progress?: number;

  @Field({ nullable: true, description: 'A remark on the change, at most 4,000 characters; shown to ADMIN, EDITOR and ANALYST callers.' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX, { message: `note must be at most ${NOTE_MAX} characters` })
  note?: string;

  @Field({ nullable: true, description: 'http(s) link to evidence.' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^https?:\/\/[^\s]+$/i, { message: 'evidenceUrl must be an http or https URL' })
  evidenceUrl?: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "When the reported change happened; not after today in the plan's time zone. Defaults to that today.",
  })
  @IsOptional()
  occurredOn?: string;
}
