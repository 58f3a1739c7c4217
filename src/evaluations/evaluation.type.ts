import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { BoundedFigure } from '../common/bounded-figure.type';
import { DatePrecision } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';

@ObjectType('Evaluation', { implements: () => [Node], description: 'An assessment of a round (全面体检), with the completion it reported.' })
export class EvaluationType {
  @Field(() => ID, { description: "The evaluation's id." })
  id: number;

  @Field(() => LocalDateScalar, { description: 'When the evaluation was made: the last day of the period evaluatedOnPrecision names.' })
  evaluatedOn: string;

  @Field(() => DatePrecision, { description: 'How precisely evaluatedOn is known.' })
  evaluatedOnPrecision: DatePrecision;

  @Field(() => Int, { nullable: true, description: 'The number of tasks the evaluation says it covered, as reported; null when it does not say.' })
  taskCount: number | null;

  @Field(() => BoundedFigure, { nullable: true, description: 'Reported completion as a rate 0–1 with its qualifier.' })
  completion: BoundedFigure | null;

  @Field(() => String, { nullable: true, description: 'What a reader should know about the evaluation; null when nothing.' })
  note: string | null;

  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  planId: number;
  sourceId: number | null;
}
