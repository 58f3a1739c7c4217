import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { Client, Pool } from 'pg';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ErrorCode } from '../src/common/errors/error-code.enum';
import { toClientError } from '../src/common/errors/error-mapper';
import { GuardedClient } from '../src/database/data-source-options';
import { bootTestApp, nodeId, TestApp, uniq } from './support/test-app';

const onServer = process.env.TEST_DB_KIND === 'server';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const netError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const pgError = (sqlstate: string, message: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code: sqlstate, severity: 'FATAL' }));
const aggregate = () =>
  Object.assign(
    new AggregateError([netError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), netError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')]),
    { code: 'ECONNREFUSED' },
  );

/** What the driver and the pool raise while the database is unreachable or restarting. */
const CONNECTION_FAILURES: [string, Error][] = [
  ['connection refused', netError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
  ['connection refused on every address of "localhost" (AggregateError, empty message)', aggregate()],
  ['host not found', netError('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
  ['connection reset', netError('read ECONNRESET', 'ECONNRESET')],
  ['connection terminated', netError('Connection terminated unexpectedly')],
  ['connect timeout', netError('timeout exceeded when trying to connect')],
  ['connect timeout (driver)', netError('Connection terminated due to connection timeout')],
  ['unusable client', netError('Client has encountered a connection error and is not queryable')],
  ['administrator shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
  ['crash shutdown (57P02)', pgError('57P02', 'terminating connection due to crash of another server process')],
  ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
  ['shutting down (57P03)', pgError('57P03', 'the database system is shutting down')],
  ['connection failure (08006)', pgError('08006', 'connection failure')],
  ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
  ['terminated inside a query (driver error wrapped by TypeORM)', new QueryFailedError('COMMIT', [], netError('Connection terminated unexpectedly'))],
  ['transaction whose connection died (TypeORM released its runner)', new QueryRunnerAlreadyReleasedError()],
  ['statement on a released runner', new QueryRunnerProviderAlreadyReleasedError()],
];

describe('database outage', () => {
  it.each(CONNECTION_FAILURES)('maps "%s" to SERVICE_UNAVAILABLE', (_name, cause) => {
    const mapped = toClientError(new GraphQLError('x', { originalError: cause }), { hideSuggestions: true });
    expect(mapped).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, internal: false });
    expect(mapped.message).not.toMatch(/127\.0\.0\.1|5432|SELECT|COMMIT/);
  });

  describe('a connection terminated as it finishes starting', () => {
    // A fake server that accepts the start-up and, in the same TCP chunk, sends FATAL 57P01: what a backend
    // does when pg_terminate_backend or a fast shutdown reaches it just after its first ReadyForQuery.
    let server: Server;
    let port: number;
    beforeAll(async () => {
      const msg = (type: string, body: Buffer) => {
        const head = Buffer.alloc(5);
        head.write(type, 0);
        head.writeInt32BE(body.length + 4, 1);
        return Buffer.concat([head, body]);
      };
      const field = (code: string, text: string) => Buffer.concat([Buffer.from(code), Buffer.from(text), Buffer.from([0])]);
      const reply = Buffer.concat([
        msg('R', Buffer.from([0, 0, 0, 0])), // AuthenticationOk
        msg('Z', Buffer.from('I')), // ReadyForQuery
        msg(
          'E',
          Buffer.concat([
            field('S', 'FATAL'),
            field('V', 'FATAL'),
            field('C', '57P01'),
            field('M', 'terminating connection due to administrator command'),
            Buffer.from([0]),
          ]),
        ),
      ]);
      server = createServer((socket) => {
        socket.once('data', () => socket.end(reply));
        socket.on('error', () => undefined);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => new Promise((r) => server.close(r)));

    it('does not crash the process (an "error" event with no listener) and the pool discards the client', async () => {
      // With pg's plain Client this test dies with "Unhandled error. (error: terminating connection ...)".
      const pool = new Pool({ host: '127.0.0.1', port, user: 'x', database: 'x', Client: GuardedClient });
      const client = await pool.connect();
      await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminat/i);
      client.release(true);
      expect(pool.totalCount).toBe(0);
      await pool.end();
    });
  });

  describe('every route while the database refuses connections (both databases; the pool is pointed at a closed port)', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Anonymous reads too: a GraphQL query then reaches its resolver (no key lookup first) while the database is gone.
      t = await bootTestApp({ DB_CONNECT_TIMEOUT_MS: '1000', ANONYMOUS_READ: 'true' });
    });
    afterAll(async () => t.close());

    async function closedPort(): Promise<number> {
      const srv = createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const { port } = srv.address() as { port: number };
      await new Promise((r) => srv.close(r));
      return port;
    }

    it("answers liveness 200, readiness 503 and every other route with a coded reply and request id, never the driver's message", async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      const key = await t.keyFor('ANALYST'); // created, never looked up: its first use needs the database
      const pool = (t.ds.driver as unknown as { master: { options: { connectionString: string }; _idle: { client: unknown }[]; _remove(c: unknown): void } })
        .master;
      const saved = pool.options.connectionString;
      const port = await closedPort();
      pool.options.connectionString = `postgresql://postgres@127.0.0.1:${port}/gone`;
      for (const { client } of [...pool._idle]) pool._remove(client);
      const stream = (fastify.log as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
      const lines: string[] = [];
      const spy = jest.spyOn(stream, 'write').mockImplementation((line: string) => (lines.push(line), true));
      try {
        const auth = { authorization: `Bearer ${key}` };
        const get = (url: string, headers: Record<string, string> = auth) => fastify.inject({ method: 'GET', url, headers });
        const live = await get('/health/live');
        expect(live.statusCode).toBe(200);
        expect(JSON.parse(live.body)).toEqual({ status: 'ok' });
        expect((await get('/health/live', { authorization: 'Bearer made-up-token-0123456789abcdef' })).statusCode).toBe(200);
        const ready = await get('/health/ready');
        expect(ready.statusCode).toBe(503);
        const replies = [
          ready,
          await get('/export/tasks.csv?plan=yrd-2024-2026'),
          await get('/export/tasks.json?plan=yrd-2024-2026', { authorization: 'Bearer made-up-token-0123456789abcdef' }),
          await fastify.inject({ method: 'POST', url: '/import/tasks', headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' }),
          await get('/no/such/route'),
        ];
        for (const res of replies) {
          expect(res.statusCode).toBe(503);
          expect(res.body).not.toMatch(new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1|${port}|\\bat \\S+ \\(`));
          const err = JSON.parse(res.body).errors[0];
          expect(err.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: res.headers['x-request-id'] });
          // One JSON line with the request id, keeping the driver's reason server-side.
          const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === res.headers['x-request-id']);
          expect(logged).toHaveLength(1);
          expect(logged[0]).toMatchObject({ requestId: res.headers['x-request-id'] });
        }
        const gql = await fastify.inject({
          method: 'POST',
          url: '/graphql',
          headers: { ...auth, 'content-type': 'application/json' },
          payload: '{"query":"{ regions { code } }"}',
        });
        expect(JSON.parse(gql.body).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
        const anonymous = await t.gql('{ plan(code: "yrd-2024-2026") { id code } }', undefined, null);
        expect(anonymous.errors?.map((e) => [e.extensions.code, e.path])).toEqual([['SERVICE_UNAVAILABLE', ['plan']]]);
      } finally {
        spy.mockRestore();
        pool.options.connectionString = saved;
      }
      const back = await fastify.inject({ method: 'GET', url: '/export/tasks.csv?plan=yrd-2024-2026', headers: { authorization: `Bearer ${key}` } });
      expect(back.statusCode).toBe(200);
    });
  });

  if (onServer)
    describe('on the PostgreSQL server, with writers running', () => {
      const RECORD = 'mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version } }';
      const ALLOWED_FAILURES = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT', 'VERSION_CONFLICT']);
      const version = readdirSync('/etc/postgresql')[0];
      const cluster = (action: 'start' | 'stop' | 'restart') =>
        execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'start' ? [] : ['-m', 'fast'])], { stdio: 'pipe' });
      const clusterOnline = () => {
        try {
          execFileSync('pg_isready', ['-h', '127.0.0.1', '-q']);
          return true;
        } catch {
          return false;
        }
      };

      let t: TestApp;
      let taskIds: number[];

      interface Writer {
        taskId: number;
        acked: { version: number; note: string; at: number }[];
        failures: { code: string; status: number; at: number }[];
        run: Promise<void>;
      }
      let stopWriters = false;

      function startWriter(taskId: number): Writer {
        const w: Writer = { taskId, acked: [], failures: [], run: Promise.resolve() };
        w.run = (async () => {
          let expected = 1;
          for (let seq = 0; !stopWriters; seq++) {
            const note = `outage ${taskId}/${seq}`;
            const res = await t.gql(RECORD, { input: { taskId: nodeId('Task', taskId), expectedVersion: expected, progress: seq % 101, note } });
            if (!res.errors) {
              expected = res.data.recordTaskUpdate.version;
              w.acked.push({ version: expected, note, at: Date.now() });
              continue;
            }
            const err = res.errors[0];
            w.failures.push({ code: err.extensions.code, status: res.status, at: Date.now() });
            // A reply lost after COMMIT leaves us one version behind: the conflict tells the real one.
            if (err.extensions.code === 'VERSION_CONFLICT') expected = err.extensions.actualVersion as number;
            else await sleep(50);
          }
        })();
        return w;
      }

      async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms: number) {
        const deadline = Date.now() + ms;
        while (!(await cond())) {
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
          await sleep(100);
        }
      }

      const health = async (path: string) => (await t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: path })).statusCode;

      beforeAll(async () => {
        t = await bootTestApp({ DB_CONNECT_TIMEOUT_MS: '1000', DB_POOL_SIZE: '4' });
        const [{ id: planId }] = await t.ds.query(
          `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, 'outage fixture', 2024, 2026) RETURNING id`,
          [`outage-${uniq()}`],
        );
        taskIds = [];
        for (let i = 0; i < 4; i++) {
          const [{ id }] = await t.ds.query(
            `INSERT INTO task (plan_id, code, title, search_text) VALUES ($1, $2, 'outage task', E'outage task\\n') RETURNING id`,
            [planId, `T${i}`],
          );
          taskIds.push(id);
        }
      });
      afterAll(async () => {
        stopWriters = true;
        if (!clusterOnline()) cluster('start');
        await t?.close();
      });

      it('stays up, reports not ready while the database is gone, recovers, and loses no acknowledged write', async () => {
        const admin = async (sql: string) => {
          const c = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'outage-spec' });
          await c.connect();
          try {
            return (await c.query(sql)).rows;
          } finally {
            await c.end();
          }
        };
        // A key never used before the outage: its first request must look it up while the database is gone.
        const freshKey = await t.keyFor('ANALYST');
        const writers = taskIds.map(startWriter);
        const ackedSince = (at: number) => writers.every((w) => w.acked.some((a) => a.at > at));

        await waitFor('first writes', () => ackedSince(0), 10_000);

        // 1. Kill every connection of the app.
        const killedAt = Date.now();
        const killed = await admin(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'action-plan-tracker' AND datname = current_database() AND pid <> pg_backend_pid()`,
        );
        expect(killed.length).toBeGreaterThan(0);
        await waitFor('writes after pg_terminate_backend', () => ackedSince(killedAt), 10_000);

        // 2. Stop the cluster: not ready, still alive, writes refused with a code.
        const stoppedAt = Date.now();
        cluster('stop');
        await waitFor('/health/ready to report 503', async () => (await health('/health/ready')) === 503, 10_000);
        const notReady = await t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/ready' });
        expect(JSON.parse(notReady.body)).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
        expect(notReady.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|5432/);
        expect(await health('/health/live')).toBe(200);
        const unauthenticated = await t.gql('{ regions { code } }', undefined, freshKey);
        expect(unauthenticated.status).toBeLessThan(500);
        expect(unauthenticated.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
        await waitFor('writers to see the outage', () => writers.every((w) => w.failures.some((f) => f.at > stoppedAt + 200)), 10_000);

        // 3. Start it again: ready, and every writer gets through.
        cluster('start');
        const startedAt = Date.now();
        await waitFor('/health/ready to report 200', async () => (await health('/health/ready')) === 200, 30_000);
        await waitFor('writes after the restart', () => ackedSince(startedAt), 30_000);
        const fresh = await t.gql('{ regions { code } }', undefined, freshKey);
        expect(fresh.errors).toBeUndefined();

        stopWriters = true;
        await Promise.all(writers.map((w) => w.run));

        // Every failure was coded and retryable; none was a 5xx or an internal error.
        const failures = writers.flatMap((w) => w.failures);
        expect(failures.length).toBeGreaterThan(0);
        expect(failures.filter((f) => !ALLOWED_FAILURES.has(f.code) || f.status >= 500)).toEqual([]);

        // Every acknowledged write is in the history, and versions agree with history rows.
        const rows: { task_id: number; version: number; note: string }[] = await t.ds.query(
          'SELECT task_id, version, note FROM task_update WHERE task_id = ANY($1)',
          [taskIds],
        );
        const stored = new Set(rows.map((r) => `${r.task_id}|${r.version}|${r.note}`));
        const acked = writers.flatMap((w) => w.acked.map((a) => `${w.taskId}|${a.version}|${a.note}`));
        expect(acked.length).toBeGreaterThan(taskIds.length * 3);
        expect(acked.filter((a) => !stored.has(a))).toEqual([]);
        // Writes that committed but whose reply was lost are the only extra rows: at most one per failed reply.
        expect(rows.length - acked.length).toBeGreaterThanOrEqual(0);
        expect(rows.length - acked.length).toBeLessThanOrEqual(failures.length);
        const tasks = await t.ds.query(
          `SELECT t.id, t.version, count(u.id)::int AS history FROM task t LEFT JOIN task_update u ON u.task_id = t.id
         WHERE t.id = ANY($1) GROUP BY t.id`,
          [taskIds],
        );
        for (const task of tasks) expect(task.version - 1).toBe(task.history);
      }, 120_000);
    });
});
