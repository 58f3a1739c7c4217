// Generates a migration from the difference between the entities and a database that has every
// existing migration applied. With --check it writes nothing and exits 1 when a migration is due (CI).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../common/config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { openDatabase } from '../database/open-database';

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('--'));
  if (!check && !name) throw new Error('usage: npm run migration:generate -- <Name> | --check');
  const config = loadConfig();
  // A fresh in-memory database unless DATABASE_URL names one to compare against.
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: 'memory://' });
  const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 60000, connectTimeoutMs: 10000 }));
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query);
    const down = sql.downQueries.map((q) => q.query).reverse();
    if (check) {
      if (up.length > 0) {
        console.error(`Entities and migrations are out of step; a migration would run:\n${up.join(';\n')}`);
        process.exitCode = 1;
      } else console.log('Entities and migrations are in step.');
      return;
    }
    if (up.length === 0) {
      console.log('No changes: nothing generated.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
    const body = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map((s) => `    await queryRunner.query(${q(s)});`).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map((s) => `    await queryRunner.query(${q(s)});`).join('\n')}
  }
}
`;
    const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, body);
    console.log(`Wrote ${file}; review it and add ${className} to migrations/index.ts.`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
