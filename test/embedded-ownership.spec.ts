// One data dir, one owner, and nobody else on its socket: real processes as an operator runs them (`npm start` is
// dist/src/start.js, the CLIs dist/src/cli/*.js) on a temporary DATA_DIR, whatever the suite's database is.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { readOwner } from '../src/database/data-dir-lock';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { freePort } from './support/free-port';
import { uniq } from './support/test-app';
import { ensureBuilt } from './support/build';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const TOKEN = `ownership-spec-admin-token-${uniq()}-0123456789`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** TCP ports a process listens on (Linux: its socket inodes matched against /proc/net/tcp*). */
function listeningTcpPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9])) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports.sort();
}

describe('embedded data dir: one owner, the CLIs through it, no open socket', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'apt-own-'));
  let port: number;
  let server: ChildProcess | undefined;
  let serverOutput = '';

  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  });

  const startServer = async () => {
    serverOutput = '';
    const child = spawn(process.execPath, ['dist/src/start.js'], {
      cwd: ROOT,
      env: env({ HOST: '127.0.0.1', PORT: String(port), BOOTSTRAP_ADMIN_TOKEN: TOKEN }),
    });
    child.stdout!.on('data', (d) => (serverOutput += d));
    child.stderr!.on('data', (d) => (serverOutput += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${serverOutput}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server not ready: ${serverOutput}`);
      await sleep(200);
    }
    server = child;
    return child;
  };

  const gql = async (query: string, token = TOKEN) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: any; errors?: { extensions: { code: string } }[] };
  };

  const cli = async (script: string, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [`dist/src/cli/${script}.js`, ...args], { cwd: ROOT, env: env(), timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  const keyNames = async () => {
    const res = await gql('{ apiKeys { name } }');
    expect(res.errors).toBeUndefined();
    return res.data.apiKeys.map((k: { name: string }) => k.name).sort();
  };

  beforeAll(async () => {
    await ensureBuilt();
    port = await freePort();
  }, 320_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the database only on a Unix socket in an owner-only directory: no TCP port besides HTTP, other users refused', async () => {
    const child = await startServer();
    expect(listeningTcpPorts(child.pid!)).toEqual([port]);
    const owner = readOwner(dataDir)!;
    expect(owner).toMatchObject({ pid: child.pid, role: 'server', ready: true, socketDir: join(dataDir, '.tracker') });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(owner.socketDir!).mode & 0o777).toBe(0o700);
    expect(statSync(join(owner.socketDir!, '.s.PGSQL.5432')).isSocket()).toBe(true);
    if (process.getuid?.() === 0) {
      // Another local user (nobody) cannot reach the socket: the directory refuses the path lookup.
      const probe = `require('net').connect(${JSON.stringify(join(owner.socketDir!, '.s.PGSQL.5432'))}).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`;
      const { stdout } = await run(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, timeout: 10_000 });
      expect(stdout.trim()).toBe('EACCES');
    }
  }, 120_000);

  it('refuses a second server on the same DATA_DIR, naming the owner', async () => {
    const second = await run(process.execPath, ['dist/src/start.js'], {
      cwd: ROOT,
      env: env({ HOST: '127.0.0.1', PORT: String(await freePort()) }),
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is in use by process ${server!.pid} (server`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect((await gql('{ apiKeys { id } }')).errors).toBeUndefined();
  }, 90_000);

  it('keeps every acknowledged write of the server and of the CLIs through a SIGKILL and a restart', async () => {
    const serverKeys: string[] = [];
    const cliKeys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `server-${i}`;
      const res = await gql(`mutation { createApiKey(input: { name: "${name}", role: ANALYST }) { token } }`);
      expect(res.errors).toBeUndefined();
      serverKeys.push(name);
      if (i % 2 === 0) {
        // The CLI works through the running server: its key is live there at once.
        const created = await cli('apikey', 'create', '--role', 'DASHBOARD', '--name', `cli-${i}`);
        expect(created).toMatchObject({ code: 0 });
        cliKeys.push(`cli-${i}`);
        const token = created.stdout.trim().split('\n').at(-1)!;
        expect((await gql('{ plans { code } }', token)).errors).toBeUndefined();
      }
    }
    const status = await cli('migrate', 'status');
    expect(status).toMatchObject({ code: 0, stdout: expect.stringContaining('Up to date.') });
    expect(await keyNames()).toEqual(expect.arrayContaining([...serverKeys, ...cliKeys]));

    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    // A CLI alone on the dir: it breaks the dead server's lock and opens the dir itself.
    const listed = await cli('apikey', 'list');
    expect(listed.code).toBe(0);
    for (const name of [...serverKeys, ...cliKeys]) expect(listed.stdout).toContain(`\t${name}\t`);
    expect(readOwner(dataDir)).toBeNull();

    // And the server starts again over the dir (the first start's lock and socket file are gone or stale).
    await startServer();
    expect(await keyNames()).toEqual(expect.arrayContaining([...serverKeys, ...cliKeys]));
    server!.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    await startServer();
    expect(await keyNames()).toEqual(expect.arrayContaining([...serverKeys, ...cliKeys]));
  }, 300_000);
});

describe('embedded database in memory', () => {
  it('listens on a Unix socket in a private temporary directory, removed at stop', async () => {
    const db = await startEmbeddedPostgres('memory://');
    const dir = new URL(db.url).searchParams.get('host')!;
    try {
      expect(dir.startsWith(tmpdir())).toBe(true);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const c = new Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await c.end();
    } finally {
      await db.stop();
    }
    expect(() => statSync(dir)).toThrow();
  }, 60_000);
});
