import { Module } from '@nestjs/common';
import { AreasAdminResolver } from './areas-admin.resolver';
import { AreasAdminService } from './areas-admin.service';
import { AreasResolver } from './areas.resolver';
import { PlanAreasResolver } from './plan-areas.resolver';

/** Areas of a plan, read (Plan.areas, Area fields) and written by ADMINs. */
@Module({
  providers: [AreasResolver, PlanAreasResolver, AreasAdminService, AreasAdminResolver],
})
export class AreasModule {}
