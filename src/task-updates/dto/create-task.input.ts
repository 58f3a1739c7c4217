import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, ValidateBy, ValidationArguments } from 'class-validator';
import { RegionCode } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText } from '../../common/validators';
import { agencyListProblem, titleProblem } from '../../tasks/task-text.rules';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

export const DESCRIPTION_MAX = 10000;

/** A task title or titleEn, by the rules the import also applies (task-text.rules). */
export const IsTaskTitle = () =>
  applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isTaskTitle',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && titleProblem(value) === null,
        defaultMessage: ({ property, value }: ValidationArguments) => `${property} ${typeof value === 'string' ? titleProblem(value) : 'must be text'}`,
      },
    }),
  );

/** Rules for a task's lead agencies (task-text.rules): up to 20 names the CSV list cell can carry exactly. */
export const IsAgencyList = () =>
  applyDecorators(
    IsArray(),
    IsString({ each: true }),
    ValidateBy({
      name: 'isAgencyList',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string') && agencyListProblem(value) === null,
        defaultMessage: ({ property, value }: ValidationArguments) =>
          `${property}: ${Array.isArray(value) && value.every((v) => typeof v === 'string') ? agencyListProblem(value) : 'must be a list of agency names'}`,
      },
    }),
  );

@InputType({
  description: 'A new task (top-level, or a sub-task with parentTaskId). Only planCode, code and title are required. It starts at version 1 with no history.',
})
export class CreateTaskInput {
  @Field({ description: "The plan's code; matched whatever its case." })
  @IsCode()
  planCode: string;

  @Field({ nullable: true, description: 'The code of an area of the same plan; leave out when no source names one.' })
  @IsOptional()
  @IsCode()
  areaCode?: string;

  @Field({ description: 'Unique within the plan whatever its case: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.' })
  @IsCode()
  code: string;

  @Field({ description: 'The title as the source words it: 1–500 characters, not blank, no control characters but tab and line breaks.' })
  @IsTaskTitle()
  title: string;

  @Field({ nullable: true, description: 'An English rendering of the title, by the same rules as title.' })
  @IsOptional()
  @IsTaskTitle()
  titleEn?: string;

  @Field({ nullable: true, description: 'Free text about the task, 1–10,000 characters, not blank.' })
  @IsOptional()
  @IsText(DESCRIPTION_MAX)
  description?: string;

  @Field(() => [RegionCode], { nullable: true, description: 'Regions leading the task; EDITORs of these regions may report on it.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(RegionCode, { each: true })
  leadRegions?: RegionCode[];

  @Field(() => [String], {
    nullable: true,
    description: 'Agencies leading the task: up to 20 names, each 1–200 characters without `|`, line breaks, control characters or surrounding spaces.',
  })
  @IsOptional()
  @IsAgencyList()
  leadAgencies?: string[];

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date work is planned to start.' })
  @IsOptional()
  startDate?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date the task is due; not before startDate.' })
  @IsOptional()
  dueDate?: string;

  @Field(() => ID, { nullable: true, description: 'The id of a task of the same plan, not archived, that this one is a sub-task of.' })
  @IsOptional()
  @IsRecordId('Task')
  parentTaskId?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
