import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RegionCode } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText, UnlessAbsent } from '../../common/validators';
import { DESCRIPTION_MAX, IsAgencyList, IsTaskTitle } from './create-task.input';

@InputType({
  description:
    'An admin edit of a task: give only the fields to change; null clears a nullable field. ' +
    'A change bumps the version and writes one history row (origin ADMIN); values equal to the current ones change nothing.',
})
export class UpdateTaskInput {
  @Field(() => ID, { description: "The task's id." })
  @IsRecordId('Task')
  id: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with VERSION_CONFLICT.' })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  expectedVersion: number;

  @Field({ nullable: true, description: "If given, must be the task's own plan: tasks do not move between plans." })
  @UnlessAbsent()
  @IsCode()
  planCode?: string;

  @Field(() => String, { nullable: true, description: "An area of the task's plan; null removes the area." })
  @IsOptional()
  @IsCode()
  areaCode?: string | null;

  @Field({ nullable: true, description: 'A new code, unique within the plan whatever its case; cannot be null.' })
  @UnlessAbsent()
  @IsCode()
  code?: string;

  @Field({ nullable: true, description: 'A new title: 1–500 characters, not blank, no control characters but tab and line breaks; cannot be null.' })
  @UnlessAbsent()
  @IsTaskTitle()
  title?: string;

  @Field(() => String, { nullable: true, description: 'A new English title, by the same rules as title; null clears it.' })
  @IsOptional()
  @IsTaskTitle()
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'New free text, 1–10,000 characters; null clears it.' })
  @IsOptional()
  @IsText(DESCRIPTION_MAX)
  description?: string | null;

  @Field(() => [RegionCode], { nullable: true, description: 'Replaces the lead regions; [] removes them all.' })
  @UnlessAbsent()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(RegionCode, { each: true })
  leadRegions?: RegionCode[];

  @Field(() => [String], { nullable: true, description: 'Replaces the lead agencies; [] removes them all.' })
  @UnlessAbsent()
  @IsAgencyList()
  leadAgencies?: string[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'A new start date, not after the due date; null clears it.' })
  @IsOptional()
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'A new due date, not before the start date; null clears it.' })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'A task of the same plan; null makes the task top-level.' })
  @IsOptional()
  @IsRecordId('Task')
  parentTaskId?: string | null;
}
