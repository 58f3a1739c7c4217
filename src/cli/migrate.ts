// npm run migration:run | migration:revert — against DATABASE_URL, or the embedded database in DATA_DIR.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../common/config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { openDatabase } from '../database/open-database';

async function main() {
  const command = process.argv[2];
  if (command !== 'run' && command !== 'revert') throw new Error('usage: migrate run|revert');
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 600000, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS }));
  try {
    await ds.initialize();
    if (command === 'run') {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
    } else {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('Reverted the last migration.');
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
