import { Module } from '@nestjs/common';
import { DataVersionService } from './data-version.service';
import { HttpCacheService } from './http-cache.service';

/** ETags, 304 revalidation, Cache-Control and compression of answers; app.factory.ts registers its hooks. */
@Module({
  providers: [DataVersionService, HttpCacheService],
  exports: [HttpCacheService, DataVersionService],
})
export class HttpCacheModule {}
