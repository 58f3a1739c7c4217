// Generates a migration from the difference between the entities and a database that has every
// existing migration applied. With --check it writes nothing and exits 1 when a migration is due (CI).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { EXIT, runCli, UsageError, withDatabase } from './cli-runner';

runCli({
  usage: ['npm run migration:generate -- NAME', 'npm run migration:check'],
  description:
    'Writes migrations/<timestamp>-NAME.ts from the difference between the entities and a database with every migration applied ' +
    '(a fresh in-memory one, or DATABASE_URL). --check writes nothing.',
  options: { check: { type: 'boolean', default: false } },
  optionHelp: ['--check  only check that entities and migrations are in step (CI)'],
  failedMeans: '--check: entities and migrations are out of step (a migration would be generated)',
  async run({ positionals, values }) {
    const check = values.check === true;
    const [name] = positionals;
    if ((!check && !name) || positionals.length > 1) throw new UsageError('give the new migration a NAME, or use --check');
    if (name && !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new UsageError('NAME must be letters and digits (it becomes a class name)');
    // A fresh in-memory database unless DATABASE_URL names one to compare against.
    return withDatabase(
      'migration:generate CLI',
      async (config, db) => {
        const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 60000, connectTimeoutMs: 10000 }));
        await ds.initialize();
        try {
          await ds.runMigrations({ transaction: 'each' });
          const sql = await ds.driver.createSchemaBuilder().log();
          const up = sql.upQueries.map((q) => q.query);
          const down = sql.downQueries.map((q) => q.query).reverse();
          if (check) {
            if (up.length > 0) {
              console.error(`Entities and migrations are out of step; a migration would run:\n${up.join(';\n')}`);
              return EXIT.FAILED;
            }
            console.log('Entities and migrations are in step.');
            return EXIT.OK;
          }
          if (up.length === 0) {
            console.log('No changes: nothing generated.');
            return EXIT.OK;
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
          return EXIT.OK;
        } finally {
          await ds.destroy();
        }
      },
      { ...process.env, DATA_DIR: 'memory://', MIGRATION_DATABASE_URL: '' },
    );
  },
});
