import { Module } from '@nestjs/common';
import { SeedService } from './seed.service';

/** The seed data set, loaded on the first start against an empty database (SEED_ON_START) and by `npm run seed`. */
@Module({
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
