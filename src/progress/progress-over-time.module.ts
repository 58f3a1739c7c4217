import { Module } from '@nestjs/common';
import { ProgressCompactor } from './progress-compactor.service';
import { ProgressOverTimeResolver } from './progress-over-time.resolver';
import { ProgressOverTimeService } from './progress-over-time.service';
import { UpdateCoverageService } from './update-coverage.service';

/** Progress over time (asOf, trends) and update coverage, from the day deltas the ProgressOverTime migration keeps. */
@Module({
  providers: [ProgressOverTimeService, UpdateCoverageService, ProgressCompactor, ProgressOverTimeResolver],
  exports: [ProgressOverTimeService, ProgressCompactor],
})
export class ProgressOverTimeModule {}
