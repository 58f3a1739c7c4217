// What a retry cannot fix stops the process at once, saying what to do: a database that does not exist (named,
// with the createdb command), a refused login. A server that is not up yet is still left to the pool's retries.
import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DatabaseSetupError } from '../src/database/database-setup.error';
import { openDatabase } from '../src/database/open-database';
import { freePort } from './support/free-port';
import { uniq } from './support/test-app';
import { ensureBuilt } from './support/build';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const onServer = process.env.TEST_DB_KIND === 'server';

/** A PostgreSQL server that answers every start-up message with one FATAL error, as a real one does. */
async function refusingServer(sqlstate: string, message: string): Promise<{ server: Server; port: number }> {
  const field = (code: string, text: string) => Buffer.concat([Buffer.from(code), Buffer.from(text), Buffer.from([0])]);
  const body = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', sqlstate), field('M', message), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(Buffer.concat([head, body])));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

describe('a server database that cannot be used', () => {
  let missing: { server: Server; port: number };
  let refused: { server: Server; port: number };

  beforeAll(async () => {
    missing = await refusingServer('3D000', 'database "apt_missing" does not exist');
    refused = await refusingServer('28P01', 'password authentication failed for user "app"');
  });
  afterAll(async () => {
    await new Promise((r) => missing.server.close(r));
    await new Promise((r) => refused.server.close(r));
  });

  it('names a missing database and says how to create it', async () => {
    const url = `postgresql://postgres@127.0.0.1:${missing.port}/apt_missing`;
    const err = await openDatabase({ databaseUrl: url, dataDir: 'unused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toContain(
      `The database "apt_missing" named by DATABASE_URL does not exist on the PostgreSQL server at 127.0.0.1:${missing.port}`,
    );
    expect((err as Error).message).toContain(`createdb -h 127.0.0.1 -p ${missing.port} -U postgres apt_missing`);
  });

  it('says which role a server refused, and where to look', async () => {
    const url = `postgresql://app:wrong@127.0.0.1:${refused.port}/tracker`;
    const err = await openDatabase({ databaseUrl: url, dataDir: 'unused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toMatch(
      /refused the login of role "app" \(from DATABASE_URL\): password authentication failed.*Check the user and password in DATABASE_URL/,
    );
    expect((err as Error).message).not.toContain('wrong');
  });

  it('checks the owner URL too, naming MIGRATION_DATABASE_URL', async () => {
    const err = await openDatabase({
      databaseUrl: `postgresql://app@127.0.0.1:${refused.port}/tracker`,
      migrationDatabaseUrl: `postgresql://owner@127.0.0.1:${missing.port}/apt_missing`,
      dataDir: 'unused',
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('"apt_missing" named by MIGRATION_DATABASE_URL does not exist');
  });

  it('leaves a server that is not up yet to the retries (no error at open)', async () => {
    const db = await openDatabase({ databaseUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/tracker`, dataDir: 'unused', connectTimeoutMs: 500 });
    expect(db.warnings).toEqual([]);
  });

  describe('npm start', () => {
    beforeAll(async () => {
      await ensureBuilt();
    }, 320_000);

    const start = async (databaseUrl: string) => {
      const started = Date.now();
      const result = await run(process.execPath, ['dist/src/start.js'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, PORT: String(await freePort()), HOST: '127.0.0.1' },
        timeout: 60_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      return { ...result, ms: Date.now() - started };
    };

    it('exits 1 at once on a missing database, with the message and no stack trace', async () => {
      const res = await start(`postgresql://postgres@127.0.0.1:${missing.port}/apt_missing`);
      expect(res.code).toBe(1);
      expect(res.ms).toBeLessThan(10_000);
      expect(res.stderr).toContain('createdb -h 127.0.0.1');
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }, 60_000);

    if (onServer)
      it('on the real server too', async () => {
        const u = new URL(process.env.DATABASE_URL!);
        const name = `apt_missing_${uniq()}`;
        u.pathname = `/${name}`;
        const res = await start(u.toString());
        expect(res.code).toBe(1);
        expect(res.ms).toBeLessThan(10_000);
        expect(res.stderr).toContain(`The database "${name}" named by DATABASE_URL does not exist`);
        expect(res.stderr).toContain(`createdb -h ${u.hostname} -p ${u.port || 5432}`);
      }, 60_000);
  });
});
