import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../common/node.interface';
import { RegionCode, Role } from '../common/domain-enums';

@ObjectType('ApiKey', { implements: () => [Node], description: 'An API key; the token is shown only once, when it is created.' })
export class ApiKeyType {
  @Field(() => ID, { description: "The key's id (a UUID); not the token." }) id: string;
  @Field({ description: 'Who or what uses the key; shown as the author of the changes it makes.' }) name: string;
  @Field(() => Role, { description: 'What the key may do.' }) role: Role;
  @Field(() => [RegionCode], { description: 'The regions an EDITOR key may write for; empty for other roles.' }) regions: RegionCode[];
  @Field({ description: 'First characters of the token, to tell keys apart.' }) tokenPrefix: string;
  @Field(() => Date, { description: 'When the key was created (a timestamp, UTC).' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the key was last used, to within a minute.' }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the key was revoked; null while it works.' }) revokedAt: Date | null;
}

@ObjectType({ description: 'A new API key with its secret token.' })
export class CreatedApiKey {
  @Field({ description: 'The secret: store it now, it cannot be shown again.' }) token: string;
  @Field(() => ApiKeyType, { description: 'The key as apiKeys lists it.' }) apiKey: ApiKeyType;
}
