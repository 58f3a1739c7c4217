import { Field, Float, ObjectType } from '@nestjs/graphql';
import { FigureQualifier } from './domain-enums';

@ObjectType({ description: 'A reported figure with its qualifier: { value: 0.9, qualifier: OVER } reads "over 90%".' })
export class BoundedFigure {
  @Field(() => Float)
  value: number;

  @Field(() => FigureQualifier)
  qualifier: FigureQualifier;
}
