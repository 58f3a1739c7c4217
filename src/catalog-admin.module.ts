import { Module } from '@nestjs/common';
import { AreasAdminResolver } from './areas/areas-admin.resolver';
import { AreasAdminService } from './areas/areas-admin.service';
import { EvaluationsAdminResolver } from './evaluations/evaluations-admin.resolver';
import { EvaluationsService } from './evaluations/evaluations.service';
import { IndicatorReadingsAdminResolver } from './indicators/indicator-readings-admin.resolver';
import { IndicatorReadingsService } from './indicators/indicator-readings.service';
import { PlansAdminResolver } from './plans/plans-admin.resolver';
import { PlansAdminService } from './plans/plans-admin.service';
import { TaskUpdatesModule } from './task-updates/task-updates.module';
import { TasksAdminResolver } from './task-updates/tasks-admin.resolver';
import { TasksAdminService } from './task-updates/tasks-admin.service';

/** Admin writes to the catalogue (plans, areas, tasks, evaluations) and indicator readings. */
@Module({
  imports: [TaskUpdatesModule],
  providers: [
    PlansAdminService, PlansAdminResolver,
    AreasAdminService, AreasAdminResolver,
    TasksAdminService, TasksAdminResolver,
    EvaluationsService, EvaluationsAdminResolver,
    IndicatorReadingsService, IndicatorReadingsAdminResolver,
  ],
})
export class CatalogAdminModule {}
