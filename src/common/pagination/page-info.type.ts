import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's PageInfo. Paging forward, hasPreviousPage is false; paging backward, hasNextPage is false (as the spec allows). */
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}
