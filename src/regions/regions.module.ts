import { Module } from '@nestjs/common';
import { RegionsResolver } from './regions.resolver';

/** The member regions (rows inserted by a migration, never written by the API). */
@Module({
  providers: [RegionsResolver],
})
export class RegionsModule {}
