// npm run apikey -- create --role ADMIN --name ops [--region JS ...] | list | revoke <id>
// Prints the new token as the last line of `create`, so scripts can take it with `tail -n 1`.
import 'reflect-metadata';
import { ApiKeysService } from '../auth/api-keys.service';
import { Role } from '../common/domain-enums';
import { CliModule } from './cli.module';
import { runCli, UsageError, withAppContext } from './cli-runner';

runCli({
  usage: ['npm run apikey -- create --role ROLE --name NAME [--region XX ...]', 'npm run apikey -- list', 'npm run apikey -- revoke ID'],
  description: 'Creates an API key (its token is printed once, as the last line), lists keys, or revokes one.',
  options: { role: { type: 'string' }, name: { type: 'string' }, region: { type: 'string', multiple: true } },
  optionHelp: [
    `--role ROLE    ${Object.values(Role).join(', ')}`,
    '--name NAME    who or what holds the key',
    '--region XX    a region an EDITOR key may write for (SH, JS, ZJ, AH); repeat for several',
  ],
  database: true,
  async run({ positionals, values }) {
    const [command, id] = positionals;
    if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError('apikey: name a command: create, list or revoke');
    const role = values.role?.toUpperCase() as Role;
    if (command === 'create' && !Object.values(Role).includes(role)) throw new UsageError(`--role must be one of ${Object.values(Role).join(', ')}`);
    if (command === 'create' && !values.name) throw new UsageError('--name is required');
    if (command === 'revoke' && !id) throw new UsageError('revoke needs the key ID');
    await withAppContext('apikey CLI', CliModule.forRoot, async (app) => {
      const keys = app.get(ApiKeysService);
      if (command === 'create') {
        const { token, apiKey } = await keys.create({ name: values.name!, role, regions: values.region?.map((r) => r.toUpperCase()) });
        console.log(`Created ${apiKey.role} key "${apiKey.name}" (${apiKey.id}). The token is shown once:`);
        console.log(token);
      } else if (command === 'list') {
        for (const k of await keys.list()) {
          console.log([k.id, k.role, k.name, k.regions.join('|') || '-', k.tokenPrefix, k.revokedAt ? 'revoked' : 'active'].join('\t'));
        }
      } else {
        const k = await keys.revoke(id);
        console.log(`Revoked ${k.id} (${k.name})`);
      }
    });
  },
});
