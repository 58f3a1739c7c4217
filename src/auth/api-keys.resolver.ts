import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { globalIdKey } from '../common/global-id';
import { Role } from '../common/domain-enums';
import { ApiKeyType, CreatedApiKey } from './api-key.type';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { Roles } from './roles.decorator';

@Resolver(() => ApiKeyType)
@Roles(Role.ADMIN)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => [ApiKeyType], { description: 'Every API key, revoked ones included, oldest first (ADMIN). Tokens are never shown.' })
  apiKeys() {
    return this.keys.list();
  }

  @Mutation(() => CreatedApiKey, { description: 'Create an API key (ADMIN); its token is in the answer and never shown again.' })
  createApiKey(@Args('input', { description: "The new key's name, role and regions." }) input: CreateApiKeyInput) {
    return this.keys.create(input);
  }

  @Mutation(() => ApiKeyType, {
    description: 'Revoke an API key (ADMIN): this instance refuses it at once, every other within 1 s. Revoking a revoked key changes nothing.',
  })
  revokeApiKey(@Args('id', { type: () => ID, description: "The key's global id (ApiKey.id)." }) id: string) {
    return this.keys.revoke(globalIdKey(id, 'ApiKey', 'id'));
  }
}
