// Every CLI answers --help without acting (no database opened, no data dir created, no server contacted) and
// documents its exit codes; migration:status lists migrations without applying them. Real processes on dist/.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MIGRATIONS } from '../migrations';
import { ensureBuilt } from './support/build';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const MIGRATION_NAMES = MIGRATIONS.map((M) => new (M as new () => { name: string })().name);

/** Every npm script that runs a CLI of src/cli, with its arguments. */
const CLI_SCRIPTS = Object.entries(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>)
  .filter(([, cmd]) => cmd.startsWith('node dist/src/cli/'))
  .map(([name, cmd]) => ({ name, args: cmd.split(' ').slice(1) }));

describe('CLIs', () => {
  const work = mkdtempSync(join(tmpdir(), 'apt-cli-help-'));
  let server: Server;
  let connections = 0;
  let serverUrl: string;

  const cli = async (args: string[], env: Record<string, string>, cwd = ROOT) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(ROOT, args[0]), ...args.slice(1)], {
        cwd,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    await ensureBuilt();
    // Counts connections: a CLI that acted on DATABASE_URL would connect.
    server = createServer((s) => {
      connections += 1;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    serverUrl = `postgresql://postgres@127.0.0.1:${(server.address() as { port: number }).port}/tracker`;
  }, 320_000);

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(work, { recursive: true, force: true });
  });

  it('are every script of src/cli', () => {
    const files = new Set(CLI_SCRIPTS.map((s) => s.args[0].replace('dist/', '').replace(/\.js$/, '.ts')));
    const mains = readdirSync(join(ROOT, 'src/cli')).filter((f) => readFileSync(join(ROOT, 'src/cli', f), 'utf8').includes('runCli({'));
    expect([...files].sort()).toEqual(mains.map((f) => `src/cli/${f}`).sort());
    expect(CLI_SCRIPTS.map((s) => s.name)).toEqual(expect.arrayContaining(['migration:run', 'migration:status', 'apikey', 'import', 'seed', 'db:grant']));
  });

  it.each(CLI_SCRIPTS.map((s) => [s.name, s.args] as const))('npm run %s -- --help prints usage and exit codes, and does nothing else', async (_name, args) => {
    // Run from an empty directory: a CLI that acted would connect to DATABASE_URL, or write a file here
    // (schema.gql, migrations/, a data dir).
    const cwd = mkdtempSync(join(work, 'cwd-'));
    const res = await cli([...args, '--help'], { DATABASE_URL: serverUrl, DATA_DIR: join(cwd, 'data') }, cwd);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toMatch(/^Usage: /);
    expect(res.stdout).toMatch(/Exit codes:\n {2}0 {2}done\n(.|\n)* {2}2 {2}could not run/);
    expect(res.stdout).toContain('--help, -h');
    expect(readdirSync(cwd)).toEqual([]);
    expect(connections).toBe(0);
  });

  it('refuses unknown options with exit 2 and a pointer to --help, before opening anything', async () => {
    const dataDir = join(work, 'data-unknown');
    const res = await cli(['dist/src/cli/migrate.js', 'run', '--dry'], { DATA_DIR: dataDir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Unknown option '--dry'");
    expect(res.stderr).toContain('Run with --help for usage.');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('migration:status lists pending migrations without applying them (exit 1), and applied ones after migration:run (exit 0)', async () => {
    const env = { DATA_DIR: join(work, 'data-status') };
    const before = await cli(['dist/src/cli/migrate.js', 'status'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toBe(`${MIGRATION_NAMES.map((n) => `[ ] ${n}`).join('\n')}\n${MIGRATION_NAMES.length} pending\n`);
    expect(await cli(['dist/src/cli/migrate.js', 'status'], env)).toMatchObject({ code: 1 });

    expect(await cli(['dist/src/cli/migrate.js', 'run'], env)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`Applied: ${MIGRATION_NAMES.join(', ')}`),
    });
    const after = await cli(['dist/src/cli/migrate.js', 'status'], env);
    expect(after).toMatchObject({ code: 0, stdout: `${MIGRATION_NAMES.map((n) => `[X] ${n}`).join('\n')}\nUp to date.\n` });
  }, 120_000);
});
