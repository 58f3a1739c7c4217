import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DatePrecision, FigureQualifier } from '../../common/domain-enums';
import { IsRecordId } from '../../common/id-field';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsHttpUrl, IsText, MaxDecimalPlaces, TEXT_MAX, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

/** numeric(20,4): 16 digits before the point. */
const VALUE_LIMIT = 1e15;

@InputType({ description: 'A new actual reading of an indicator. Readings are history: never edited, only added.' })
export class RecordIndicatorReadingInput {
  @Field(() => ID, { description: "The indicator's id." })
  @IsRecordId('Indicator')
  indicatorId: string;

  @Field(() => Float, { description: "The figure in the indicator's unit, at most 4 decimal places, from −10^15 to 10^15." })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(4)
  @Min(-VALUE_LIMIT)
  @Max(VALUE_LIMIT)
  value: number;

  @Field(() => FigureQualifier, { description: '"over 7,600" is 7600 with OVER.' })
  @IsEnum(FigureQualifier)
  qualifier: FigureQualifier;

  @Field(() => LocalDateScalar, { description: 'The last day of the period the figure describes; the period must have begun.' })
  asOf: string;

  @Field(() => DatePrecision, { nullable: true, description: 'Defaults to DAY.' })
  @IsOptional()
  @IsEnum(DatePrecision)
  asOfPrecision?: DatePrecision;

  @Field({ nullable: true, description: 'A remark on the reading, at most 4,000 characters; not shown to DASHBOARD callers.' })
  @IsOptional()
  @IsText(TEXT_MAX)
  note?: string;

  @Field({ nullable: true, description: 'http(s) link to the publication.' })
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;

  @Field({ nullable: true, description: 'Title of the publication; defaults to sourceUrl.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  sourceTitle?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
