import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('Plan', { implements: () => [Node], description: 'One round of an action plan.' })
export class PlanType {
  @Field(() => ID)
  id: number;

  @Field()
  code: string;

  @Field(() => Int)
  round: number;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  titleEn: string | null;

  @Field(() => String, { nullable: true })
  issuer: string | null;

  @Field(() => Int)
  periodStart: number;

  @Field(() => Int)
  periodEnd: number;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan announces; null when not published.' })
  declaredTaskCount: number | null;

  @Field(() => LocalDateScalar, { nullable: true })
  issuedOn: string | null;

  @Field(() => String, { nullable: true })
  issuedNote: string | null;

  @Field({ description: 'IANA time zone of the plan: its rules (an update\'s occurredOn not in the future, overdue) use the date on this clock.' })
  timeZone: string;

  sourceId: number | null;
}
