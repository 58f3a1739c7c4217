// npm run seed: adds whatever records of the seed data set are missing; never overwrites data entered later.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../common/config/app-config';
import { openDatabase } from '../database/open-database';
import { SeedService } from '../seed/seed.service';
import { CliModule } from './cli.module';

async function main() {
  const config = loadConfig({ ...process.env, SEED_ON_START: 'false' });
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, db.url), { logger: ['error'] });
  try {
    const report = await app.get(SeedService).seed();
    console.log(`Seed records added: ${JSON.stringify(report)}`);
  } finally {
    await app.close();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
