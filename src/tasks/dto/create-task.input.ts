import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, ValidateBy, ValidationArguments } from 'class-validator';
import { RegionCode } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText } from '../../common/validators';
import { agencyListProblem, titleProblem } from '../task-text.rules';

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
  @IsTaskTitle()
  title: string;

  @Field({ nullable: true })
  @IsOptional() @IsTaskTitle()
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
  @IsOptional() @IsRecordId('Task')
  parentTaskId?: string;
}
