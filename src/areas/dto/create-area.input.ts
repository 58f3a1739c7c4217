import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCode, IsText, TEXT_MAX, TITLE_MAX } from '../../common/validators';
import { IsSourceQuote, SOURCE_QUOTE_INPUT_DESCRIPTION } from '../../sources/source-quote';

@InputType({ description: 'A new area of a plan.' })
export class CreateAreaInput {
  @Field()
  @IsCode()
  planCode: string;

  @Field({ description: 'Unique within the plan.' })
  @IsCode()
  code: string;

  @Field(() => Int, { description: 'Position in the plan, unique within the plan.' })
  @IsInt() @Min(1) @Max(1000)
  ordinal: number;

  @Field()
  @IsText(TITLE_MAX)
  name: string;

  @Field({ nullable: true })
  @IsOptional() @IsText(TITLE_MAX)
  nameEn?: string;

  @Field(() => Int, { nullable: true, description: 'The count the plan publishes for this area.' })
  @IsOptional() @IsInt() @Min(0) @Max(100000)
  declaredTaskCount?: number;

  @Field({ nullable: true })
  @IsOptional() @IsText(TEXT_MAX)
  note?: string;

  @Field({ nullable: true, description: SOURCE_QUOTE_INPUT_DESCRIPTION })
  @IsSourceQuote()
  sourceQuote?: string;
}
