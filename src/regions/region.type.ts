import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RegionCode } from '../common/domain-enums';
import { Node } from '../common/node.interface';

@ObjectType('Region', { implements: () => [Node], description: 'A provincial-level region of the Yangtze River Delta that can lead tasks.' })
export class RegionType {
  /** Global id made from the code (see common/global-id-fields.ts). */
  @Field(() => ID, { description: "The region's global id (made from its code)." })
  id?: string;

  @Field(() => RegionCode, { description: "The region's code." })
  code: RegionCode;

  @Field(() => Int, { description: "The region's place in the customary listing order (Shanghai, Jiangsu, Zhejiang, Anhui), from 1." })
  ordinal: number;

  @Field({ description: 'The Chinese name (e.g. 上海市).' })
  name: string;

  @Field({ description: 'The English name (e.g. Shanghai).' })
  nameEn: string;

  @Field({ description: 'One-character abbreviation (沪, 苏, 浙, 皖).' })
  abbreviation: string;
}
