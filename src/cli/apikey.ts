// npm run apikey -- create --role ADMIN --name ops [--region JS ...] | list | revoke <id>
// Prints the new token as the last line of `create`, so scripts can take it with `tail -n 1`.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Role } from '../common/domain-enums';
import { loadConfig } from '../common/config/app-config';
import { openDatabase } from '../database/open-database';
import { ApiKeysService } from '../auth/api-keys.service';
import { CliModule } from './cli.module';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, region: { type: 'string', multiple: true } },
  });
  const [command, id] = positionals;
  if (!['create', 'list', 'revoke'].includes(command)) throw new Error('usage: apikey create --role ROLE --name NAME [--region XX] | list | revoke ID');
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, db.url), { logger: ['error'] });
  try {
    const keys = app.get(ApiKeysService);
    if (command === 'create') {
      const role = values.role?.toUpperCase() as Role;
      if (!Object.values(Role).includes(role)) throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
      if (!values.name) throw new Error('--name is required');
      const { token, apiKey } = await keys.create({ name: values.name, role, regions: values.region?.map((r) => r.toUpperCase()) });
      console.log(`Created ${apiKey.role} key "${apiKey.name}" (${apiKey.id}). The token is shown once:`);
      console.log(token);
    } else if (command === 'list') {
      for (const k of await keys.list()) {
        console.log([k.id, k.role, k.name, k.regions.join('|') || '-', k.tokenPrefix, k.revokedAt ? 'revoked' : 'active'].join('\t'));
      }
    } else {
      if (!id) throw new Error('usage: apikey revoke ID');
      const k = await keys.revoke(id);
      console.log(`Revoked ${k.id} (${k.name})`);
    }
  } finally {
    await app.close();
    await db.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
