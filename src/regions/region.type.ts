import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RegionCode } from '../common/domain-enums';

@ObjectType('Region')
export class RegionType {
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
