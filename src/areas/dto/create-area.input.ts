import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCode, IsText, TEXT_MAX, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

@InputType({ description: 'A new area of a plan.' })
export class CreateAreaInput {
  @Field({ description: "The plan's code; matched whatever its case." })
  @IsCode()
  planCode: string;

  @Field({ description: 'Unique within the plan whatever its case: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.' })
  @IsCode()
  code: string;

  @Field(() => Int, { description: 'Position in the plan, 1–1000, unique within the plan.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  ordinal: number;

  @Field({ description: "The area's name as the plan words it, 1–500 characters, not blank." })
  @IsText(TITLE_MAX)
  name: string;

  @Field({ nullable: true, description: 'An English rendering of the name, 1–500 characters.' })
  @IsOptional()
  @IsText(TITLE_MAX)
  nameEn?: string;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan publishes for this area, 0–100000; leave out when unknown.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  declaredTaskCount?: number;

  @Field({ nullable: true, description: 'What a reader should know about the area, at most 4,000 characters.' })
  @IsOptional()
  @IsText(TEXT_MAX)
  note?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
