import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/pagination/page-info.type';
import { IndicatorType } from './indicator.type';

@ObjectType()
export class IndicatorEdge {
  @Field() cursor: string;
  @Field(() => IndicatorType) node: IndicatorType;
}

@ObjectType()
export class IndicatorConnection {
  @Field(() => [IndicatorEdge]) edges: IndicatorEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
