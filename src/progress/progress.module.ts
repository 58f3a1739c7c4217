import { Module } from '@nestjs/common';
import { ProgressResolver } from './progress.resolver';
import { ProgressService } from './progress.service';

/** Progress aggregates by area, by region and by round, one SQL statement each. */
@Module({
  providers: [ProgressService, ProgressResolver],
})
export class ProgressModule {}
