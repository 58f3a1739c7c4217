// Writes schema.gql from the code-first schema the app actually serves (boots it on an empty in-memory
// database). With --check it writes nothing and exits 1 when the committed file differs (CI).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createApp } from '../app.factory';
import { loadConfig } from '../common/config/app-config';
import { EXIT, runCli, UsageError } from './cli-runner';
import { schemaFileText } from './schema-file';

runCli({
  usage: ['npm run schema', 'npm run schema:check'],
  description: 'Writes schema.gql from the code-first schema the app serves (booted on an empty in-memory database).',
  options: { check: { type: 'boolean', default: false } },
  optionHelp: ['--check  write nothing; only compare with the committed schema.gql (CI)'],
  failedMeans: '--check: schema.gql is stale',
  async run({ positionals, values }) {
    if (positionals.length) throw new UsageError(`schema takes no arguments (got ${positionals.join(' ')})`);
    const env = { ...process.env, DATABASE_URL: '', MIGRATION_DATABASE_URL: '', DATA_DIR: 'memory://', SEED_ON_START: 'false', BOOTSTRAP_ADMIN_TOKEN: '' };
    const running = await createApp(loadConfig(env), { logger: false });
    try {
      const sdl = schemaFileText(running.app.get(GraphQLSchemaHost).schema);
      const file = join(process.cwd(), 'schema.gql');
      if (values.check) {
        let committed = '';
        try {
          committed = readFileSync(file, 'utf8');
        } catch {
          // missing file counts as stale
        }
        if (committed !== sdl) {
          console.error('schema.gql is stale: run `npm run build && npm run schema` and commit it.');
          return EXIT.FAILED;
        }
        console.log('schema.gql is up to date.');
      } else {
        writeFileSync(file, sdl);
        console.log(`Wrote ${file}`);
      }
      return EXIT.OK;
    } finally {
      await running.close();
    }
  },
});
