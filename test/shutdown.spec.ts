import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { uniq } from './support/test-app';

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

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD, '--tsBuildInfoFile', join(BUILD, '.tsbuildinfo')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    fixturePlan = `shutdown-${uniq()}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      BOOTSTRAP_ADMIN_TOKEN: TOKEN,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
    };
    if (onServer) {
      env.DATABASE_URL = process.env.DATABASE_URL!;
      // Fixture tasks of our own on the shared database.
      await withDatabase(async (c) => {
        const { rows: [plan] } = await c.query(
          `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, 'shutdown fixture', 2024, 2026) RETURNING id`,
          [fixturePlan],
        );
        for (let i = 0; i < WRITERS; i++) await c.query(`INSERT INTO task (plan_id, code, title) VALUES ($1, $2, 'shutdown task')`, [plan.id, `T${i}`]);
      });
    } else {
      // Its own embedded database; it seeds itself, and those seed tasks are ours to write to.
      dataDir = mkdtempSync(join(tmpdir(), 'apt-shutdown-'));
      env.DATA_DIR = dataDir;
      fixturePlan = 'yrd-2024-2026';
    }
    base = `http://127.0.0.1:${env.PORT}`;
    child = spawn(process.execPath, [join(BUILD, 'src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
      const ok = await fetch(`${base}/health/ready`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`The server did not become ready:\n${output}`);
      await sleep(200);
    }
  }, 180_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 within the grace period, and keeps every acknowledged write whole', async () => {
    const page = await gql(`query($plan: String) { tasks(first: ${WRITERS}, planCode: $plan) { edges { node { id version } } } }`, { plan: fixturePlan });
    const tasks: { id: string; version: number }[] = page.body.data.tasks.edges.map((e: { node: unknown }) => e.node);
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
            input: { taskId: task.id, expectedVersion: expected, progress: seq % 101, note },
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
      const { rows } = await c.query(
        'SELECT task_id::text AS "taskId", version, note FROM task_update WHERE task_id = ANY($1::int[])',
        [tasks.map((t) => Number(t.id))],
      );
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
});
