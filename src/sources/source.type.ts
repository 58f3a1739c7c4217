import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('Source', { implements: () => [Node], description: 'Where a record\'s facts come from. A note such as "repost on a third-party site" tells how far to trust it.' })
export class SourceType {
  @Field(() => ID)
  id: number;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  publishedOn: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;
}
