import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';

@ObjectType('Area', { description: 'An area (方面) of a plan, in the plan\'s order.' })
export class AreaType {
  @Field(() => ID)
  id: number;

  @Field()
  code: string;

  @Field(() => Int)
  ordinal: number;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field(() => Int, { nullable: true, description: 'The count the plan publishes for this area; null when unknown.' })
  declaredTaskCount: number | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  planId: number;
  sourceId: number | null;
}
