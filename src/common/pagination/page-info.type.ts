import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Where a page of a connection stands (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'true when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item of this page, to pass as `after` for the next; null when the page is empty.' })
  endCursor: string | null;
}
