import { Field, Float, ObjectType } from '@nestjs/graphql';
import { FigureQualifier } from './domain-enums';

@ObjectType({ description: 'A reported figure with its qualifier: { value: 0.9, qualifier: OVER } reads "over 90%".' })
export class BoundedFigure {
  @Field(() => Float, { description: 'The figure as reported, in the unit of the field that holds it (a completion rate is a 0–1 fraction).' })
  value: number;

  @Field(() => FigureQualifier, { description: 'How the figure relates to the true value (EXACT, OVER, …).' })
  qualifier: FigureQualifier;
}
