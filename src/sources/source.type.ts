import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';

@ObjectType('Source', {
  implements: () => [Node],
  description: 'Where a record\'s facts come from. A note such as "repost on a third-party site" tells how far to trust it.',
})
export class SourceType {
  @Field(() => ID, { description: "The source's global id." })
  id: number;

  @Field({ description: 'The title of the document or page.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'Who published it; null when not known.' })
  publisher: string | null;

  @Field(() => String, { nullable: true, description: 'The address where it can be read; null when it has none.' })
  url: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date it was published; null when not known.' })
  publishedOn: string | null;

  @Field(() => String, { nullable: true, description: 'How far to trust it or what it covers (e.g. "repost on a third-party site"); null when nothing.' })
  note: string | null;
}
