import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { BoundedFigure } from '../common/bounded-figure.type';
import { DatePrecision } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('Evaluation', { implements: () => [Node], description: 'An assessment of a round (全面体检), with the completion it reported.' })
export class EvaluationType {
  @Field(() => ID)
  id: number;

  @Field(() => LocalDateScalar)
  evaluatedOn: string;

  @Field(() => DatePrecision)
  evaluatedOnPrecision: DatePrecision;

  @Field(() => Int, { nullable: true })
  taskCount: number | null;

  @Field(() => BoundedFigure, { nullable: true, description: 'Reported completion as a rate 0–1 with its qualifier.' })
  completion: BoundedFigure | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  planId: number;
  sourceId: number | null;
}
