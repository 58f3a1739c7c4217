import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { DatePrecision, FigureQualifier, ReadingKind } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';

@ObjectType('Indicator', { implements: () => [Node], description: 'A measured quantity with dated, sourced readings.' })
export class IndicatorType {
  @Field(() => ID, { description: "The indicator's id; pass it as indicatorId when recording a reading." })
  id: number;

  @Field({ description: "The indicator's code." })
  code: string;

  @Field({ description: 'The name as the source words it (usually Chinese).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'An English rendering of the name; null when none was made.' })
  nameEn: string | null;

  @Field({ description: 'The unit of every reading\'s value (e.g. "km").' })
  unit: string;

  planId: number | null;
  taskId: number | null;
}

@ObjectType('IndicatorReading', { implements: () => [Node], description: 'One dated value; "over 7,600" is value 7600 with qualifier OVER.' })
export class IndicatorReadingType {
  @Field(() => ID, { description: "The reading's id." })
  id: string;

  @Field(() => ReadingKind, { description: 'Whether the value is an actual reading, a target or a baseline.' })
  kind: ReadingKind;

  @Field(() => Float, { description: "The figure as reported, in the indicator's unit; read it with qualifier." })
  value: number;

  @Field(() => FigureQualifier, { description: 'How value relates to the true value (EXACT, OVER, …).' })
  qualifier: FigureQualifier;

  @Field(() => LocalDateScalar, {
    description: 'The date the value holds for (for a target, the date it is due): the last day of the period asOfPrecision names.',
  })
  asOf: string;

  @Field(() => DatePrecision, { description: 'How precisely asOf is known.' })
  asOfPrecision: DatePrecision;

  @Field(() => Date, { description: 'When this tracker recorded the reading (a timestamp, UTC).' })
  createdAt: Date;

  /** A field of its own resolver: read by the roles that read update notes (IndicatorReadingsResolver). */
  note: string | null;
  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  indicatorId: number;
  sourceId: number | null;
}
