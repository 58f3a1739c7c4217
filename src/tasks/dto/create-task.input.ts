import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RegionCode } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

export const DESCRIPTION_MAX = 10000;
export const AGENCY_MAX = 200;

/** Rules for a task's lead agencies: up to 20 names of 1–200 characters. */
export const IsAgencyList = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    IsString({ each: true }),
    MaxLength(AGENCY_MAX, { each: true, message: `each of leadAgencies must be at most ${AGENCY_MAX} characters` }),
    Matches(/\S/, { each: true, message: 'each of leadAgencies must not be blank' }),
  );

@InputType({ description: 'A new key task. Only planCode, code and title are required. It starts at version 1 with no history.' })
export class CreateTaskInput {
  @Field()
  @IsCode()
  planCode: string;

  @Field({ nullable: true, description: 'An area of the same plan.' })
  @IsOptional() @IsCode()
  areaCode?: string;

  @Field({ description: 'Unique within the plan.' })
  @IsCode()
  code: string;

  @Field()
  @IsText(TITLE_MAX)
  title: string;

  @Field({ nullable: true })
  @IsOptional() @IsText(TITLE_MAX)
  titleEn?: string;

  @Field({ nullable: true })
  @IsOptional() @IsText(DESCRIPTION_MAX)
  description?: string;

  @Field(() => [RegionCode], { nullable: true, description: 'Regions leading the task; EDITORs of these regions may report on it.' })
  @IsOptional() @IsArray() @ArrayMaxSize(4) @IsEnum(RegionCode, { each: true })
  leadRegions?: RegionCode[];

  @Field(() => [String], { nullable: true })
  @IsOptional() @IsAgencyList()
  leadAgencies?: string[];

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  startDate?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Not before startDate.' })
  @IsOptional()
  dueDate?: string;

  @Field(() => ID, { nullable: true, description: 'A task of the same plan this one is a sub-task of.' })
  @IsOptional() @IsRecordId()
  parentTaskId?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
