import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/page-info.type';
import { IndicatorType } from './indicator.type';

@ObjectType({ description: 'One indicator of a page, with its cursor.' })
export class IndicatorEdge {
  @Field({ description: 'An opaque cursor for this indicator; pass it as `after` to read on from it.' }) cursor: string;
  @Field(() => IndicatorType, { description: 'The indicator.' }) node: IndicatorType;
}

@ObjectType({ description: 'A page of indicators, by code.' })
export class IndicatorConnection {
  @Field(() => [IndicatorEdge], { description: 'The indicators of this page.' }) edges: IndicatorEdge[];
  @Field(() => PageInfo, { description: 'Whether more indicators follow, and the cursor to read them.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'All indicators, across pages (those tied to a plan and those tied to none).' }) totalCount: number;
}
