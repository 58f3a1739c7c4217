import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';
import { Node } from '../common/node.interface';

@ObjectType('Area', { implements: () => [Node], description: "An area (方面) of a plan, in the plan's order." })
export class AreaType {
  @Field(() => ID, { description: "The area's id." })
  id: number;

  @Field({ description: 'The area\'s code, unique within its plan whatever its case (e.g. "A6").' })
  code: string;

  @Field(() => Int, { description: "The area's position in the plan, from 1, unique within the plan." })
  ordinal: number;

  @Field({ description: "The area's name as the plan words it (usually Chinese)." })
  name: string;

  @Field(() => String, { nullable: true, description: 'An English rendering of the name; null when none was made.' })
  nameEn: string | null;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan publishes for this area; null when unknown.' })
  declaredTaskCount: number | null;

  @Field(() => String, { nullable: true, description: 'What a reader should know about the area or its figures; null when nothing.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  planId: number;
  sourceId: number | null;
}
