import { Module, OnModuleInit } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { NoticesModule } from '../notices/notices.module';
import { AnswerCache } from './answer-cache.service';
import { DataVersionService } from './data-version.service';
import { HttpCacheService } from './http-cache.service';

/**
 * What keeps answers cheap: the answer cache (answers kept in memory until the data changes), ETags, 304
 * revalidation, Cache-Control and compression; app.factory.ts registers the hooks.
 */
@Module({
  imports: [NoticesModule, MetricsModule],
  providers: [DataVersionService, AnswerCache, HttpCacheService],
  exports: [HttpCacheService, DataVersionService, AnswerCache],
})
export class HttpCacheModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly answers: AnswerCache,
  ) {}

  /** /metrics reads the answer cache's figures from here. */
  onModuleInit() {
    this.metrics.countAnswerCache(() => ({ entries: this.answers.size(), ...this.answers.counters }));
  }
}
