import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { DatePrecision, FigureQualifier, ReadingKind } from '../common/domain-enums';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('Indicator', { implements: () => [Node], description: 'A measured quantity with dated, sourced readings.' })
export class IndicatorType {
  @Field(() => ID)
  id: number;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field()
  unit: string;

  planId: number | null;
  taskId: number | null;
}

@ObjectType('IndicatorReading', { implements: () => [Node], description: 'One dated value; "over 7,600" is value 7600 with qualifier OVER.' })
export class IndicatorReadingType {
  @Field(() => ID)
  id: string;

  @Field(() => ReadingKind)
  kind: ReadingKind;

  @Field(() => Float)
  value: number;

  @Field(() => FigureQualifier)
  qualifier: FigureQualifier;

  @Field(() => LocalDateScalar)
  asOf: string;

  @Field(() => DatePrecision)
  asOfPrecision: DatePrecision;

  @Field(() => Date)
  createdAt: Date;

  /** A field of its own resolver: read by the roles that read update notes (IndicatorReadingsResolver). */
  note: string | null;
  indicatorId: number;
  sourceId: number | null;
}
