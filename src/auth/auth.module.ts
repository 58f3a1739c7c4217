import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { FieldRolesCheck } from './field-roles';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { RolesGuard } from './roles.guard';

@Module({
  imports: [DiscoveryModule],
  providers: [ApiKeysService, ApiKeysResolver, FieldRolesCheck, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
