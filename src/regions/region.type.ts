import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RegionCode } from '../common/domain-enums';
import { Node } from '../common/node.interface';

@ObjectType('Region', { implements: () => [Node] })
export class RegionType {
  /** Global id made from the code (see common/global-id-fields.ts). */
  @Field(() => ID)
  id?: string;

  @Field(() => RegionCode)
  code: RegionCode;

  @Field(() => Int)
  ordinal: number;

  @Field()
  name: string;

  @Field()
  nameEn: string;

  @Field({ description: 'One-character abbreviation (沪, 苏, 浙, 皖).' })
  abbreviation: string;
}
