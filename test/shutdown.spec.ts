import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { dbKey, nodeId, uniq } from './support/test-app';

const onServer = process.env.TEST_DB_KIND === 'server';
const ROOT = resolve(__dirname, '..');
// A private build, so a run never rewrites dist/ under someone else's running server.
const BUILD = join(ROOT, 'node_modules/.cache/shutdown-spec-build');
const TOKEN = `shutdown-spec-admin-token-${uniq()}-0123456789`;
const GRACE_MS = 8000;
const WRITERS = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('graceful shutdown (SIGTERM during a burst of writes)', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;
  let dataDir: string | undefined;
  let fixturePlan: string;

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body: any = await res.json().catch(() => null);
    return { status: res.status, body };
  };

  /** A client to the database the child used (the server, or its embedded data dir once the child is gone). */
  async function withDatabase<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const embedded = dataDir ? await startEmbeddedPostgres(dataDir) : undefined;
    const c = new Client({ connectionString: embedded?.url ?? process.env.DATABASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
      await embedded?.stop();
    }
  }

  /** Starts the built server with these settings on top of the suite's; resolves once it is ready. */
  async function spawnServer(extra: Record<string, string> = {}): Promise<{ child: ChildProcess; base: string; output: () => string }> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      BOOTSTRAP_ADMIN_TOKEN: TOKEN,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      NODE_COMPILE_CACHE: join(BUILD, 'compile-cache'),
      ...(onServer ? { DATABASE_URL: process.env.DATABASE_URL! } : { DATA_DIR: dataDir! }),
      ...extra,
    };
    const url = `http://127.0.0.1:${env.PORT}`;
    let out = '';
    // As `npm start` runs it: the bundled server (scripts/bundle-server.mjs), through start.js.
    const proc = spawn(process.execPath, [join(BUILD, 'src/start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`The server exited during start-up:\n${out}`);
      const ok = await fetch(`${url}/health/ready`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`The server did not become ready:\n${out}`);
      await sleep(200);
    }
    return { child: proc, base: url, output: () => out };
  }

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD, '--tsBuildInfoFile', join(BUILD, '.tsbuildinfo')],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-server.mjs'), BUILD], { cwd: ROOT, stdio: 'pipe' });
    fixturePlan = `shutdown-${uniq()}`;
    if (onServer) {
      // Fixture tasks of our own on the shared database.
      await withDatabase(async (c) => {
        const {
          rows: [plan],
        } = await c.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, 'shutdown fixture', 2024, 2026) RETURNING id`, [
          fixturePlan,
        ]);
        for (let i = 0; i < WRITERS; i++)
          await c.query(`INSERT INTO task (plan_id, code, title, search_text) VALUES ($1, $2, 'shutdown task', E'shutdown task\\n')`, [plan.id, `T${i}`]);
      });
    } else {
      // Its own embedded database; it seeds itself, and those seed tasks are ours to write to.
      dataDir = mkdtempSync(join(tmpdir(), 'apt-shutdown-'));
      fixturePlan = 'yrd-2024-2026';
    }
    const server = await spawnServer();
    child = server.child;
    base = server.base;
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
  }, 180_000);

  const spawned: ChildProcess[] = [];
  afterAll(() => {
    for (const c of [child, ...spawned]) if (c && c.exitCode === null) c.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 within the grace period, and keeps every acknowledged write whole', async () => {
    const page = await gql(`query($plan: String) { tasks(first: ${WRITERS}, planCode: $plan) { edges { node { id version } } } }`, { plan: fixturePlan });
    const tasks: { id: string; version: number }[] = page.body.data.tasks.edges.map((e: { node: { id: string; version: number } }) => ({
      ...e.node,
      id: dbKey(e.node.id),
    }));
    expect(tasks).toHaveLength(WRITERS);

    const acked: { taskId: string; version: number; note: string }[] = [];
    const failures: string[] = [];
    let signalled = false;
    const writer = async (task: { id: string; version: number }, w: number) => {
      let expected = task.version;
      for (let seq = 0; ; seq++) {
        const note = `burst ${w}/${seq}`;
        let res: Awaited<ReturnType<typeof gql>>;
        try {
          res = await gql('mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version } }', {
            input: { taskId: nodeId('Task', task.id), expectedVersion: expected, progress: seq % 101, note },
          });
        } catch {
          return; // connection refused or reset: the server has stopped accepting
        }
        if (res.body?.data?.recordTaskUpdate) {
          expected = res.body.data.recordTaskUpdate.version;
          acked.push({ taskId: task.id, version: expected, note });
          continue;
        }
        failures.push(`${res.status} ${res.body?.errors?.[0]?.extensions?.code ?? JSON.stringify(res.body)}`);
        if (res.status === 503 || signalled) return;
        if (res.body?.errors?.[0]?.extensions?.code === 'VERSION_CONFLICT') expected = res.body.errors[0].extensions.actualVersion;
      }
    };
    const burst = Promise.all(tasks.map(writer));

    while (acked.length < WRITERS * 3) await sleep(20);
    // A client still sending its body when the signal comes must not hold shutdown until the grace deadline.
    const slow = connect(Number(new URL(base).port), '127.0.0.1');
    slow.on('error', () => undefined);
    await new Promise((r) => slow.once('connect', r));
    slow.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
    const exited = new Promise<{ code: number | null; ms: number }>((r) => {
      const at = Date.now();
      child.once('exit', (code) => r({ code, ms: Date.now() - at }));
    });
    signalled = true;
    child.kill('SIGTERM');
    const { code, ms } = await exited;
    await burst;

    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(ms).toBeLessThan(GRACE_MS);
    // A refused write is refused whole, with a code (a coded 503 only from the draining server).
    expect(failures.filter((f) => !/^(503 SERVICE_UNAVAILABLE|200 VERSION_CONFLICT)$/.test(f))).toEqual([]);

    await withDatabase(async (c) => {
      const { rows } = await c.query('SELECT task_id::text AS "taskId", version, note FROM task_update WHERE task_id = ANY($1::int[])', [
        tasks.map((t) => Number(t.id)),
      ]);
      const stored = new Set(rows.map((r) => `${r.taskId}|${r.version}|${r.note}`));
      expect(acked.filter((a) => !stored.has(`${a.taskId}|${a.version}|${a.note}`))).toEqual([]);
      // No half-written update: every task's version matches its history (on the shared server, our plan's).
      const { rows: mismatched } = await c.query(
        `SELECT t.id, t.version, count(u.id)::int AS history FROM task t LEFT JOIN task_update u ON u.task_id = t.id
         WHERE $1::text IS NULL OR t.plan_id = (SELECT id FROM plan WHERE code = $1)
         GROUP BY t.id HAVING t.version - 1 <> count(u.id)`,
        [onServer ? fixturePlan : null],
      );
      expect(mismatched).toEqual([]);
    });
  }, 120_000);

  it("logs through one logger: nothing at all with LOG_LEVEL=silent, only JSON lines (Nest's own included) otherwise", async () => {
    const run = async (level: string) => {
      const server = await spawnServer({ LOG_LEVEL: level });
      spawned.push(server.child);
      const res = await fetch(`${server.base}/no/such/path`, { headers: { 'x-request-id': 'log-check-0001' } });
      expect(res.status).toBe(404);
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
      return server.output();
    };
    expect(await run('silent')).toBe('');
    const lines = (await run('info')).split('\n').filter(Boolean);
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`Not a JSON log line: ${l}`);
      }
    });
    // Nest's Logger (context "Main"), Fastify's request lines and the refusal, the last two with the request id.
    expect(parsed.some((l) => l.context === 'Main' && /GraphQL at/.test(String(l.msg)))).toBe(true);
    expect(parsed.filter((l) => l.reqId === 'log-check-0001').map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'Request refused', 'request completed']),
    );
  }, 120_000);

  if (onServer)
    it('cancels a write blocked past the grace period: its client is told, and it never commits', async () => {
      const grace = 3000;
      // A statement timeout longer than the grace period: only the shutdown can end the wait.
      const server = await spawnServer({ SHUTDOWN_GRACE_MS: String(grace), STATEMENT_TIMEOUT_MS: '60000' });
      spawned.push(server.child);
      const locker = new Client({ connectionString: process.env.DATABASE_URL });
      await locker.connect();
      try {
        const {
          rows: [task],
        } = await locker.query(
          `INSERT INTO task (plan_id, code, title, search_text) SELECT id, $2, 'blocked task', E'blocked task\\n' FROM plan WHERE code = $1 RETURNING id, version`,
          [fixturePlan, `B-${uniq()}`],
        );
        await locker.query('BEGIN');
        await locker.query('SELECT 1 FROM task WHERE id = $1 FOR UPDATE', [task.id]);
        const note = `blocked ${uniq()}`;
        const reply = fetch(`${server.base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({
            query: 'mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version } }',
            variables: { input: { taskId: nodeId('Task', task.id), expectedVersion: task.version, progress: 50, note } },
          }),
        }).then(
          async (r) => ({ status: r.status, body: (await r.json()) as any }),
          (err: Error) => ({ status: 0, body: { error: err.message } }),
        );
        // Wait until the app's statement waits on our lock.
        for (let i = 0; ; i++) {
          const { rows } = await locker.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'action-plan-tracker' AND wait_event_type = 'Lock' AND datname = current_database()`,
          );
          if (rows[0].n > 0) break;
          if (i > 100) throw new Error('the write never waited on the lock');
          await sleep(50);
        }
        const exited = new Promise<{ code: number | null; ms: number }>((r) => {
          const at = Date.now();
          server.child.once('exit', (code) => r({ code, ms: Date.now() - at }));
        });
        server.child.kill('SIGTERM');
        const { code, ms } = await exited;
        const answer = await reply;
        // The lock goes away after the process: a statement still alive would now commit.
        await locker.query('ROLLBACK');
        await sleep(500);
        const {
          rows: [after],
        } = await locker.query('SELECT version, (SELECT count(*)::int FROM task_update WHERE task_id = $1 AND note = $2) AS rows FROM task WHERE id = $1', [
          task.id,
          note,
        ]);

        expect({ code, output: code === 0 ? '' : server.output() }).toEqual({ code: 0, output: '' });
        expect(ms).toBeLessThan(grace);
        const acknowledged = !!answer.body?.data?.recordTaskUpdate;
        expect(acknowledged).toBe(false);
        expect(answer.body?.errors?.[0]?.extensions?.code).toMatch(/^(TIMEOUT|SERVICE_UNAVAILABLE)$/);
        expect(after).toEqual({ version: task.version, rows: 0 });
      } finally {
        await locker.end();
      }
    }, 120_000);
});
