import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { SOURCE_QUOTE_DESCRIPTION } from '../sources/source-quote';

@ObjectType('Plan', { implements: () => [Node], description: 'One round of an action plan.' })
export class PlanType {
  @Field(() => ID, { description: "The plan's id." })
  id: number;

  @Field({ description: 'The plan\'s code, unique whatever its case (e.g. "yrd-2024-2026"); every lookup by planCode uses it.' })
  code: string;

  @Field(() => Int, { description: 'Which round of the action plan this is: 1 for the first three-year plan, 2 for the next, and so on.' })
  round: number;

  @Field({ description: 'The official title (usually Chinese).' })
  title: string;

  @Field(() => String, { nullable: true, description: 'An English rendering of the title; null when none was made.' })
  titleEn: string | null;

  @Field(() => String, { nullable: true, description: 'The body that issued the plan; null when not known.' })
  issuer: string | null;

  @Field(() => Int, { description: 'The first calendar year the plan covers (e.g. 2024).' })
  periodStart: number;

  @Field(() => Int, { description: 'The last calendar year the plan covers (e.g. 2026).' })
  periodEnd: number;

  @Field(() => Int, { nullable: true, description: 'The number of key tasks the plan announces; null when not published.' })
  declaredTaskCount: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date the plan was issued or adopted; null when not known.' })
  issuedOn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How and where the plan was issued (e.g. "reviewed at the leaders\' symposium, Wuxi"); null when not known.',
  })
  issuedNote: string | null;

  @Field({ description: "IANA time zone of the plan: its rules (an update's occurredOn not in the future, overdue) use the date on this clock." })
  timeZone: string;
  @Field(() => String, { nullable: true, description: SOURCE_QUOTE_DESCRIPTION })
  sourceQuote: string | null;

  sourceId: number | null;
}
