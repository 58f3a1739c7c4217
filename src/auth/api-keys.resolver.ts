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

  @Query(() => [ApiKeyType])
  apiKeys() {
    return this.keys.list();
  }

  @Mutation(() => CreatedApiKey)
  createApiKey(@Args('input') input: CreateApiKeyInput) {
    return this.keys.create(input);
  }

  @Mutation(() => ApiKeyType)
  revokeApiKey(@Args('id', { type: () => ID }) id: string) {
    return this.keys.revoke(globalIdKey(id, 'ApiKey', 'id'));
  }
}
