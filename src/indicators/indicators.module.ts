import { Module } from '@nestjs/common';
import { IndicatorReadingsAdminResolver } from './indicator-readings-admin.resolver';
import { IndicatorReadingsService } from './indicator-readings.service';
import { IndicatorReadingsResolver, IndicatorsResolver } from './indicators.resolver';
import { IndicatorsService } from './indicators.service';
import { PlanIndicatorsResolver } from './plan-indicators.resolver';
import { TaskIndicatorsResolver } from './task-indicators.resolver';

/** Indicators and their readings (Query.indicators, Plan.indicators, Task.indicators); readings recorded by editors. */
@Module({
  providers: [
    IndicatorsService,
    IndicatorsResolver,
    IndicatorReadingsResolver,
    PlanIndicatorsResolver,
    TaskIndicatorsResolver,
    IndicatorReadingsService,
    IndicatorReadingsAdminResolver,
  ],
})
export class IndicatorsModule {}
