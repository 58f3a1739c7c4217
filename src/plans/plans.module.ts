import { Module } from '@nestjs/common';
import { PlansAdminResolver } from './plans-admin.resolver';
import { PlansAdminService } from './plans-admin.service';
import { PlansResolver } from './plans.resolver';
import { PlansService } from './plans.service';

/** Plans: the rounds of an action plan, read and added. */
@Module({
  providers: [PlansService, PlansResolver, PlansAdminService, PlansAdminResolver],
})
export class PlansModule {}
