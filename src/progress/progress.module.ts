import { Module } from '@nestjs/common';
import { HttpCacheModule } from '../http-cache/http-cache.module';
import { ProgressOverTimeModule } from './progress-over-time.module';
import { ProgressResolver } from './progress.resolver';
import { ProgressService } from './progress.service';

/** Progress aggregates by area, by region and by round, one SQL statement each; over time and coverage in ProgressOverTimeModule. */
@Module({
  imports: [ProgressOverTimeModule, HttpCacheModule],
  providers: [ProgressService, ProgressResolver],
  exports: [ProgressService],
})
export class ProgressModule {}
