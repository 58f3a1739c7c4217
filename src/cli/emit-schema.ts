// Writes schema.gql from the code-first schema the app actually serves (boots it on an empty in-memory
// database). With --check it writes nothing and exits 1 when the committed file differs (CI).
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createApp } from '../app.factory';
import { loadConfig } from '../common/config/app-config';
import { schemaFileText } from './schema-file';

async function main() {
  const check = process.argv.includes('--check');
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: 'memory://', SEED_ON_START: 'false', BOOTSTRAP_ADMIN_TOKEN: '' };
  const running = await createApp(loadConfig(env), { logger: false });
  try {
    const sdl = schemaFileText(running.app.get(GraphQLSchemaHost).schema);
    const file = join(process.cwd(), 'schema.gql');
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // missing file counts as stale
      }
      if (committed !== sdl) {
        console.error('schema.gql is stale: run `npm run build && npm run schema` and commit it.');
        process.exitCode = 1;
      } else console.log('schema.gql is up to date.');
    } else {
      writeFileSync(file, sdl);
      console.log(`Wrote ${file}`);
    }
  } finally {
    await running.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
