import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { IsCode, IsText, IsTimeZone, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

@InputType({ description: 'A new plan (one round of an action plan).' })
export class CreatePlanInput {
  @Field({ description: 'Unique code whatever its case, e.g. "yrd-2027-2029": 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.' })
  @IsCode()
  code: string;

  @Field(() => Int, { description: 'Which round of the action plan this is, 1–1000.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  round: number;

  @Field({ description: 'The official title, 1–500 characters, not blank.' })
  @IsText(TITLE_MAX)
  title: string;

  @Field({ nullable: true, description: 'An English rendering of the title, 1–500 characters.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  titleEn?: string;

  @Field({ nullable: true, description: 'The body that issued the plan, 1–500 characters.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  issuer?: string;

  @Field(() => Int, { description: 'First calendar year of the plan period, 1900–2200.' })
  @IsInt()
  @Min(1900)
  @Max(2200)
  periodStart: number;

  @Field(() => Int, { description: 'Last calendar year of the plan period, 1900–2200; not before periodStart.' })
  @IsInt()
  @Min(1900)
  @Max(2200)
  periodEnd: number;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan announces, 0–100000; leave out when not published.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  declaredTaskCount?: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date the plan was issued or adopted.' })
  @IsOptional()
  issuedOn?: string;

  @Field({ nullable: true, description: 'IANA time zone, e.g. "Asia/Shanghai"; the server\'s DEFAULT_TIME_ZONE when left out.' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
