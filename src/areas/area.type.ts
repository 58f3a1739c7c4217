import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';

@ObjectType('Area', { implements: () => [Node], description: 'An area (方面) of a plan, in the plan\'s order.' })
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

  planId: number;
  sourceId: number | null;
}
