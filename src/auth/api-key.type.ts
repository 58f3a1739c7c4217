import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { RegionCode, Role } from '../common/domain-enums';

@ObjectType('ApiKey', { implements: () => [Node], description: 'An API key; the token is shown only once, when it is created.' })
export class ApiKeyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Role) role: Role;
  @Field(() => [RegionCode]) regions: RegionCode[];
  @Field({ description: 'First characters of the token, to tell keys apart.' }) tokenPrefix: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the key was last used, to within a minute.' }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: 'The secret: store it now, it cannot be shown again.' }) token: string;
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
}
