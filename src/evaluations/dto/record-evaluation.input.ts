import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { DatePrecision, FigureQualifier } from '../../common/domain-enums';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsHttpUrl, IsText, MaxDecimalPlaces, TEXT_MAX, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

@InputType({ description: 'A reported completion: "over 90%" is { value: 0.9, qualifier: OVER }.' })
export class CompletionInput {
  @Field(() => Float, { description: 'A rate from 0 to 1 (a fraction, not a percentage), at most 6 decimal places.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(6)
  @Min(0)
  @Max(1)
  value: number;

  @Field(() => FigureQualifier, { description: 'How the reported figure relates to the true rate.' })
  @IsEnum(FigureQualifier)
  qualifier: FigureQualifier;
}

@InputType({ description: 'An assessment of a plan round, as published.' })
export class RecordEvaluationInput {
  @Field({ description: "The plan's code; matched whatever its case." })
  @IsCode()
  planCode: string;

  @Field(() => LocalDateScalar, { description: 'The last day of the period the evaluation is dated to (see evaluatedOnPrecision).' })
  evaluatedOn: string;

  @Field(() => DatePrecision, { nullable: true, description: 'Defaults to DAY.' })
  @IsOptional()
  @IsEnum(DatePrecision)
  evaluatedOnPrecision?: DatePrecision;

  @Field(() => Int, { nullable: true, description: 'How many tasks the evaluation says it covered, 0–100000, as reported.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  taskCount?: number;

  @Field(() => CompletionInput, { nullable: true, description: 'The completion the evaluation reported; leave out when it gives none.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompletionInput)
  completion?: CompletionInput;

  @Field({ nullable: true, description: 'What a reader should know about the evaluation, at most 4,000 characters.' })
  @IsOptional()
  @IsText(TEXT_MAX)
  note?: string;

  @Field({ nullable: true, description: 'Title of the publication reporting it; defaults to sourceUrl.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  sourceTitle?: string;

  @Field({ nullable: true, description: 'http(s) link to the publication.' })
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
