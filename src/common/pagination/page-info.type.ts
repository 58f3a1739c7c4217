import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's PageInfo. Paging forward, hasPreviousPage is false; paging backward, hasNextPage is false (as the spec allows). */
@ObjectType({
  description:
    'Where a page of a connection stands (Relay cursor connections). Paging forward (first/after), hasPreviousPage is false; paging backward (last/before), hasNextPage is false.',
})
export class PageInfo {
  @Field({ description: 'true when more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'true when items come before this page (paging backward only).' })
  hasPreviousPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the first item of this page, to pass as `before` for the previous; null when the page is empty.',
  })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last item of this page, to pass as `after` for the next; null when the page is empty.',
  })
  endCursor: string | null;
}
