import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { loadSeed, SeedReport } from './seed-loader';
import { yrdDataSet } from './yrd-data-set';

@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** On first start against an empty database, load the seed data set. */
  async onApplicationBootstrap() {
    if (!this.config.SEED_ON_START) return;
    const [{ n }] = await this.ds.query('SELECT count(*)::int AS n FROM plan');
    if (n > 0) return;
    const report = await this.seed();
    this.logger.log(`Loaded the seed data set: ${JSON.stringify(report)}`);
  }

  /** Adds whatever seed records are missing, in one transaction; never overwrites. */
  seed(): Promise<SeedReport> {
    return this.ds.transaction((m) => loadSeed(m, yrdDataSet));
  }
}
