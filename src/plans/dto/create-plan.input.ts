import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText, IsTimeZone, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

@InputType({ description: 'A new plan (one round of an action plan).' })
export class CreatePlanInput {
  @Field({ description: 'Unique code, e.g. "yrd-2027-2029".' })
  @IsCode()
  code: string;

  @Field(() => Int)
  @IsInt() @Min(1) @Max(1000)
  round: number;

  @Field()
  @IsText(TITLE_MAX)
  title: string;

  @Field({ nullable: true })
  @IsOptional() @IsText(TITLE_MAX)
  titleEn?: string;

  @Field({ nullable: true })
  @IsOptional() @IsText(TITLE_MAX)
  issuer?: string;

  @Field(() => Int, { description: 'First year of the plan period.' })
  @IsInt() @Min(1900) @Max(2200)
  periodStart: number;

  @Field(() => Int, { description: 'Last year of the plan period; not before periodStart.' })
  @IsInt() @Min(1900) @Max(2200)
  periodEnd: number;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan announces.' })
  @IsOptional() @IsInt() @Min(0) @Max(100000)
  declaredTaskCount?: number;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  issuedOn?: string;

  @Field({ nullable: true, description: 'IANA time zone, e.g. "Asia/Shanghai"; the server\'s DEFAULT_TIME_ZONE when left out.' })
  @IsOptional() @IsTimeZone()
  timeZone?: string;
  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
