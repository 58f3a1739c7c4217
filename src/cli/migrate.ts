// npm run migration:run | migration:revert | migration:status | db:grant — as the schema's owner
// (MIGRATION_DATABASE_URL, else DATABASE_URL), or on the embedded database in DATA_DIR.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { appRoleGrants, grantAppRole, urlUser } from '../database/app-role';
import { dataSourceOptions } from '../database/data-source-options';
import { EXIT, runCli, UsageError, withDatabase } from './cli-runner';

const MIGRATIONS_TABLE = 'typeorm_migrations';

/** Each migration of this build, applied or not, and applied ones this build does not know (a newer build ran them). */
async function migrationStatus(ds: DataSource) {
  const [{ exists }] = await ds.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [MIGRATIONS_TABLE]);
  const applied = new Set<string>(exists ? (await ds.query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).map((r: { name: string }) => r.name) : []);
  const known = MIGRATIONS.map((M) => new (M as new () => { name: string })().name);
  return { known: known.map((name) => ({ name, applied: applied.has(name) })), unknown: [...applied].filter((n) => !known.includes(n)) };
}

runCli({
  usage: [
    'npm run migration:run       apply pending migrations (then, on a server with MIGRATION_DATABASE_URL, grant the app role)',
    'npm run migration:revert    undo the last applied migration',
    'npm run migration:status    list migrations, applied [X] or pending [ ]; nothing is changed',
    'npm run db:grant [-- --role NAME] [--print]',
    "                            grant the app role (default: DATABASE_URL's user) its privileges: no UPDATE or",
    '                            DELETE of history, no TRUNCATE; run as the owner (MIGRATION_DATABASE_URL)',
  ],
  description: 'Schema commands, run as the owner of the schema: MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded database.',
  options: { role: { type: 'string' }, print: { type: 'boolean', default: false } },
  optionHelp: ['--role NAME  db:grant: the role to grant (default: the user of DATABASE_URL)', '--print      db:grant: print the statements, change nothing'],
  failedMeans: 'migration:status: migrations are pending',
  database: true,
  async run({ positionals, values }) {
    const [command, ...rest] = positionals;
    if (!['run', 'revert', 'status', 'grant'].includes(command) || rest.length) throw new UsageError('migrate: name one command: run, revert, status or grant');
    const ownerUrl = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL;
    const appUrl = process.env.DATABASE_URL;
    if (command === 'grant' && !appUrl) throw new UsageError('db:grant is for a PostgreSQL server (DATABASE_URL); the embedded database has one role');
    const role = values.role ?? urlUser(appUrl ?? 'postgresql://postgres@localhost/');
    // The owner's URL is the one to open; the app's migrations-then-grant start-up step must not run here.
    const env = { ...process.env, DATABASE_URL: ownerUrl ?? '', MIGRATION_DATABASE_URL: '' };
    return withDatabase(
      `migration:${command} CLI`,
      async (config, db) => {
        const ds = new DataSource(dataSourceOptions(db.url, { poolSize: 1, statementTimeoutMs: 600000, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS }));
        await ds.initialize();
        try {
          if (command === 'status') {
            const { known, unknown } = await migrationStatus(ds);
            for (const m of known) console.log(`[${m.applied ? 'X' : ' '}] ${m.name}`);
            for (const name of unknown) console.log(`[X] ${name} (applied; not in this build)`);
            const pending = known.filter((m) => !m.applied).length;
            console.log(pending ? `${pending} pending` : 'Up to date.');
            return pending ? EXIT.FAILED : EXIT.OK;
          }
          if (command === 'grant') {
            const statements = values.print ? await appRoleGrants(ds, role) : await ds.transaction((m) => grantAppRole(m, role));
            console.log(statements.join(';\n') + ';');
            if (!values.print) console.log(`Granted role "${role}" the app's privileges.`);
            return EXIT.OK;
          }
          if (command === 'run') {
            const done = await ds.runMigrations({ transaction: 'each' });
            console.log(done.length ? `Applied: ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
            const appRole = appUrl ? urlUser(appUrl) : undefined;
            if (appRole && ownerUrl !== appUrl && appRole !== urlUser(ownerUrl!)) {
              await ds.transaction((m) => grantAppRole(m, appRole));
              console.log(`Granted role "${appRole}" the app's privileges.`);
            }
            return EXIT.OK;
          }
          await ds.undoLastMigration({ transaction: 'each' });
          console.log('Reverted the last migration.');
          return EXIT.OK;
        } finally {
          await ds.destroy();
        }
      },
      env,
    );
  },
});
