import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { Client } from 'pg';
import { DataVersionService } from '../src/http-cache/data-version.service';
import { TASK_COLUMNS } from '../src/import-export/task-exchange.format';
import { createPlan, createTask, RECORD_UPDATE, UPDATE_TASK } from './support/admin-fixtures';
import { ADMIN_TOKEN, bootTestApp, TestApp, uniq } from './support/test-app';

const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
const PAGE = `query Page($plan: String!, $n: Int) { tasks(planCode: $plan, first: $n) { totalCount edges { cursor node {
  id code title titleEn status progress version dueDate startDate overdue leadAgencies area { code } leadRegions { code } } } } }`;
const NOTES = `query Notes($plan: String!) { tasks(planCode: $plan, first: 5) { edges { node { code history(first: 5) { edges { node { version note } } } } } } }`;
const NO_NOTES = `query NoNotes($plan: String!) { tasks(planCode: $plan, first: 5) { edges { node { code history(first: 5) { edges { node { version } } } } } } }`;

type Headers = Record<string, string>;
const onServer = process.env.TEST_DB_KIND === 'server';

/** GET /graphql with the document and variables in the query string. */
function getUrl(query: string, variables?: Record<string, unknown>, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}), ...extra });
  return `/graphql?${params}`;
}

describe('cheap polling: ETag, 304 and Cache-Control on GraphQL GETs', () => {
  let t: TestApp;
  let plan: { code: string };
  let task: { id: string; version: number };
  const tokens: Record<string, string> = {};

  const inject = (opts: { method?: 'GET' | 'POST'; url: string; token?: string | null; headers?: Headers; payload?: string }) =>
    t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: opts.method ?? 'GET',
        url: opts.url,
        payload: opts.payload,
        headers: { ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}` }), ...opts.headers },
      });
  const get = (query: string, variables?: Record<string, unknown>, opts: { token?: string | null; headers?: Headers } = {}) =>
    inject({ url: getUrl(query, variables), ...opts });
  const page = (opts: { token?: string | null; headers?: Headers } = {}) => get(PAGE, { plan: plan.code, n: 10 }, opts);

  beforeAll(async () => {
    t = await bootTestApp();
    for (const role of ['ANALYST', 'DASHBOARD']) tokens[role] = await t.keyFor(role);
    plan = await createPlan(t);
    task = await createTask(t, plan.code);
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 10, note: '内部备注' } });
    task.version = res.data.recordTaskUpdate.version;
  });
  afterAll(async () => t.close());

  it('tags a GET answer without errors with a weak ETag, private and revalidated for a keyed caller', async () => {
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).errors).toBeUndefined();
    expect(res.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{22}"$/);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(String(res.headers.vary).split(', ')).toEqual(expect.arrayContaining(['accept', 'authorization', 'accept-encoding']));
    // The same question asked again, nothing written: the same tag.
    expect((await page()).headers.etag).toBe(res.headers.etag);
  });

  it('answers 304 with no body to a matching If-None-Match, weak or strong, alone or in a list', async () => {
    const { etag } = (await page()).headers as { etag: string };
    for (const header of [etag, etag.slice(2), `W/"other", ${etag}`]) {
      const res = await page({ headers: { 'if-none-match': header } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      expect(res.headers.etag).toBe(etag);
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
    expect((await page({ headers: { 'if-none-match': 'W/"other"' } })).statusCode).toBe(200);
    expect((await page({ headers: { 'if-none-match': '*' } })).statusCode).toBe(200);
  });

  it('gives another ETag for other variables, another document and another media type', async () => {
    const base = (await page()).headers.etag;
    expect((await get(PAGE, { plan: plan.code, n: 11 })).headers.etag).not.toBe(base);
    expect((await get(NO_NOTES, { plan: plan.code })).headers.etag).not.toBe(base);
    const typed = await page({ headers: { accept: 'application/graphql-response+json' } });
    expect(typed.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(typed.headers.etag).not.toBe(base);
  });

  it('sends no ETag on POST, and no-store', async () => {
    const res = await inject({
      method: 'POST',
      url: '/graphql',
      payload: JSON.stringify({ query: PAGE, variables: { plan: plan.code, n: 10 } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    // A matching If-None-Match on POST is ignored: POST answers are never 304.
    const { etag } = (await page()).headers as { etag: string };
    const again = await inject({
      method: 'POST',
      url: '/graphql',
      payload: JSON.stringify({ query: PAGE, variables: { plan: plan.code, n: 10 } }),
      headers: { 'content-type': 'application/json', 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(200);
  });

  it('tags no answer with errors, nor one that reads API keys (their lastUsedAt moves with no write)', async () => {
    const forbidden = await get(NOTES, { plan: plan.code }, { token: tokens.DASHBOARD });
    expect(forbidden.statusCode).toBe(200);
    expect(JSON.parse(forbidden.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(forbidden.headers.etag).toBeUndefined();
    expect(forbidden.headers['cache-control']).toBe('no-store');
    const bad = await get('{ plans { nope } }');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers.etag).toBeUndefined();
    const keys = await get('{ apiKeys { id lastUsedAt } }');
    expect(JSON.parse(keys.body).data.apiKeys.length).toBeGreaterThan(0);
    expect(keys.headers.etag).toBeUndefined();
    expect(keys.headers['cache-control']).toBe('no-store');
    const unauthenticated = await page({ token: null });
    expect(unauthenticated.headers.etag).toBeUndefined();
  });

  it("never answers a DASHBOARD 304 for an ADMIN's answer that carries notes; each role has its own ETag", async () => {
    const admin = await get(NOTES, { plan: plan.code });
    expect(admin.body).toContain('内部备注');
    const adminTag = admin.headers.etag as string;
    expect(adminTag).toBeDefined();
    const dashboard = await get(NOTES, { plan: plan.code }, { token: tokens.DASHBOARD, headers: { 'if-none-match': adminTag } });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain('内部备注');
    // Without notes both roles see the same data, yet the tags differ: a tag is the role's.
    const tags = await Promise.all(
      [ADMIN_TOKEN, tokens.ANALYST, tokens.DASHBOARD].map(async (token) => (await get(NO_NOTES, { plan: plan.code }, { token })).headers.etag),
    );
    expect(new Set(tags).size).toBe(3);
    const crossed = await get(NO_NOTES, { plan: plan.code }, { token: tokens.DASHBOARD, headers: { 'if-none-match': tags[0] as string } });
    expect(crossed.statusCode).toBe(200);
    // Two keys of one role share the tag (the answer is the same).
    const other = await t.keyFor('DASHBOARD');
    expect((await get(NO_NOTES, { plan: plan.code }, { token: other })).headers.etag).toBe(tags[2]);
  });

  describe('a committed write changes the ETag; a refused one does not', () => {
    /** Asserts the page's ETag is no longer valid after `write`, and that the new answer shows the change. */
    async function expectNewTag(write: () => Promise<void>, shows: (body: string) => void) {
      const before = await page();
      const etag = before.headers.etag as string;
      expect((await page({ headers: { 'if-none-match': etag } })).statusCode).toBe(304);
      await write();
      const after = await page({ headers: { 'if-none-match': etag } });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).toBeDefined();
      expect(after.headers.etag).not.toBe(etag);
      shows(after.body);
    }

    it('recordTaskUpdate', async () => {
      await expectNewTag(
        async () => {
          const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: task.version, progress: 55 } });
          expect(res.errors).toBeUndefined();
          task.version = res.data.recordTaskUpdate.version;
        },
        (body) => expect(body).toContain('"progress":55'),
      );
    });

    it('updateTask', async () => {
      await expectNewTag(
        async () => {
          const res = await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: task.version, title: '改过的标题' } });
          expect(res.errors).toBeUndefined();
          task.version = res.data.updateTask.version;
        },
        (body) => expect(body).toContain('改过的标题'),
      );
    });

    it('importTasks', async () => {
      const code = `imp-${uniq()}`;
      const csv = `${TASK_COLUMNS.join(',')}\n${TASK_COLUMNS.map((c) => (c === 'code' ? code : c === 'title' ? '导入的任务' : '')).join(',')}\n`;
      await expectNewTag(
        async () => {
          const res = await t.gql(IMPORT, { input: { planCode: plan.code, format: 'CSV', content: csv, dryRun: false } });
          expect(res.data.importTasks).toMatchObject({ created: 1, errors: [] });
        },
        (body) => expect(body).toContain(code),
      );
    });

    it('keeps the ETag through a refused write (stale version), a dry-run import and reads', async () => {
      const etag = (await page()).headers.etag as string;
      const stale = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, progress: 60 } });
      expect(stale.errors?.[0].extensions.code).toBe('VERSION_CONFLICT');
      const csv = `${TASK_COLUMNS.join(',')}\n${TASK_COLUMNS.map((c) => (c === 'code' ? `dry-${uniq()}` : c === 'title' ? '演练' : '')).join(',')}\n`;
      const dry = await t.gql(IMPORT, { input: { planCode: plan.code, format: 'CSV', content: csv, dryRun: true } });
      expect(dry.data.importTasks.created).toBe(1);
      await t.gql('{ plans { code } }');
      expect((await page({ headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    });

    it('a transaction rolled back bumps nothing; a committed one in SQL by hand does', async () => {
      const etag = (await page()).headers.etag as string;
      await t.ds
        .transaction(async (m) => {
          await m.query(`UPDATE plan SET title = title || '!' WHERE code = $1`, [plan.code]);
          await m.query('SAVEPOINT s');
          await m.query('ROLLBACK TO SAVEPOINT s');
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).toBe('roll back'));
      expect((await page({ headers: { 'if-none-match': etag } })).statusCode).toBe(304);
      await t.ds.query(`UPDATE region SET name = name WHERE false`);
      expect((await page({ headers: { 'if-none-match': etag } })).statusCode).toBe(200);
    });
  });

  it("keys the data state on each plan's day, which moves at its midnight with no write", async () => {
    const state = await t.app.get(DataVersionService).current();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(state).toMatch(new RegExp(`^\\d+\\|.*Asia/Shanghai=${today}`));
  });

  it('puts a trigger on every table but api_key, so no write path can forget the version', async () => {
    // progress_task_basis, progress_day_delta and the task tallies are written only by triggers on task, task_update and
    // task_lead_region, in the same transaction as the write that bumps the version through those tables' own triggers
    // (and folded by the compactor, which changes no answer).
    const rows: { name: string }[] = await t.ds.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname NOT IN ('api_key', 'data_version', 'typeorm_migrations', 'progress_task_basis', 'progress_day_delta',
            'task_tally_basis', 'task_tally', 'task_overdue_tally')
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid WHERE g.tgrelid = c.oid AND p.proname = 'bump_data_version')`,
    );
    expect(rows).toEqual([]);
  });

  if (onServer)
    it('lets concurrent writers bump without waiting for each other, past the 32 slots too', async () => {
      const clients = Array.from({ length: 4 }, () => new Client({ connectionString: process.env.DATABASE_URL }));
      try {
        for (const c of clients) {
          await c.connect();
          await c.query(`SET lock_timeout = '2s'`); // a wait fails the test
          await c.query('BEGIN');
        }
        const before = await t.app.get(DataVersionService).current();
        const [a, b, hog, late] = clients;
        await a.query('UPDATE region SET name = name WHERE false');
        await b.query('UPDATE region SET name = name WHERE false');
        // Every other slot taken: the next writer overflows to a row of its own.
        const { rowCount } = await hog.query('SELECT slot FROM data_version WHERE slot BETWEEN 1 AND 32 FOR UPDATE SKIP LOCKED');
        expect(rowCount).toBe(30);
        await late.query('UPDATE region SET name = name WHERE false');
        const { rows } = await late.query('SELECT version::int FROM data_version WHERE slot = -pg_backend_pid()');
        expect(rows).toEqual([{ version: 1 }]);
        // Nothing committed: the version has not moved.
        expect(await t.app.get(DataVersionService).current()).toBe(before);
        await a.query('COMMIT');
        expect(await t.app.get(DataVersionService).current()).not.toBe(before);
      } finally {
        for (const c of clients) await c.query('ROLLBACK').catch(() => undefined);
        for (const c of clients) await c.end();
      }
    });

  it('shares revalidation across instances of the same build on one database', async () => {
    const second = await bootTestApp();
    try {
      const here = await page();
      const there = await second.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url: getUrl(PAGE, { plan: plan.code, n: 10 }),
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'if-none-match': here.headers.etag as string },
        });
      expect(there.statusCode).toBe(304);
      // A write through the second instance is seen by the first at once.
      const res = await second.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: task.version, progress: 70 } });
      task.version = res.data.recordTaskUpdate.version;
      const back = await page({ headers: { 'if-none-match': here.headers.etag as string } });
      expect(back.statusCode).toBe(200);
      expect(back.body).toContain('"progress":70');
    } finally {
      await second.close();
    }
  });

  describe('compression', () => {
    it('gzips and brotli-compresses a page of 100 tasks by Accept-Encoding, and sends it plain without', async () => {
      const big = await createPlan(t);
      const rows = Array.from({ length: 100 }, (_, i) =>
        TASK_COLUMNS.map(
          (c) =>
            (
              ({
                code: `T-${String(i).padStart(3, '0')}`,
                title: `长三角一体化重点任务第${i}项：推进跨区域协同与共建共享`,
                titleEn: `Key task ${i}: cross-regional cooperation`,
                status: 'IN_PROGRESS',
                progress: String(i % 100),
                leadRegions: 'SH|JS',
                leadAgencies: '上海市发展改革委',
                dueDate: '2026-12-31',
              }) as Record<string, string>
            )[c] ?? '',
        ).join(','),
      );
      const imported = await t.gql(IMPORT, {
        input: { planCode: big.code, format: 'CSV', content: `${TASK_COLUMNS.join(',')}\n${rows.join('\n')}\n`, dryRun: false },
      });
      expect(imported.data.importTasks).toMatchObject({ created: 100, errors: [] });
      const url = getUrl(PAGE, { plan: big.code, n: 100 });
      const plain = await inject({ url });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.body).data.tasks.edges).toHaveLength(100);
      const gzip = await inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      const unzipped = gunzipSync(gzip.rawPayload).toString('utf8');
      expect(unzipped).toBe(plain.body);
      expect(gzip.headers.etag).toBe(plain.headers.etag);
      const br = await inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
      const raw = Buffer.byteLength(plain.body);
      expect(gzip.rawPayload.length).toBeLessThan(raw / 4);
      process.stdout.write(`page of 100 tasks: ${raw} bytes, ${gzip.rawPayload.length} gzipped, ${br.rawPayload.length} brotli\n`);
      // A 304 stays empty whatever the encoding.
      const revalidated = await inject({ url, headers: { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag as string } });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.rawPayload.length).toBe(0);
    });

    it('leaves small answers plain', async () => {
      const res = await get('{ regions { code } }', undefined, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(res.body).data.regions).toHaveLength(4);
    });

    it('compresses the streamed CSV export, which still unzips to the same file', async () => {
      const url = `/export/tasks.csv?plan=${encodeURIComponent(plan.code)}`;
      const plain = await inject({ url });
      const gzip = await inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.statusCode).toBe(200);
      expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
      expect(gzip.headers['cache-control']).toBe('no-store');
    });

    it("serves GraphiQL's assets precompressed as before", async () => {
      const url = '/graphiql/assets/graphiql.css';
      const plain = await inject({ url, token: null });
      expect(plain.statusCode).toBe(200);
      const gzip = await inject({ url, token: null, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true);
    });
  });
});

describe('cheap polling for the anonymous DASHBOARD view (ANONYMOUS_READ)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ ANONYMOUS_READ: 'true', CACHE_PUBLIC_MAX_AGE: '30' });
  });
  afterAll(async () => t.close());

  it('lets shared caches keep the anonymous answer briefly, and keeps keyed answers private', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const anonymous = await fastify.inject({ method: 'GET', url: getUrl('{ plans { code } }') });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=30');
    expect(anonymous.headers.etag).toBeDefined();
    const again = await fastify.inject({ method: 'GET', url: getUrl('{ plans { code } }'), headers: { 'if-none-match': anonymous.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe('public, max-age=30');
    const keyed = await fastify.inject({
      method: 'GET',
      url: getUrl('{ plans { code } }'),
      headers: { authorization: `Bearer ${await t.keyFor('DASHBOARD')}` },
    });
    expect(keyed.headers['cache-control']).toBe('private, no-cache');
    // A wrong key is not the anonymous view: no tag.
    const wrong = await fastify.inject({ method: 'GET', url: getUrl('{ plans { code } }'), headers: { authorization: 'Bearer apt_not-a-key-not-a-key-not' } });
    expect(wrong.headers.etag).toBeUndefined();
  });
});

describe('revalidations and the rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ ANONYMOUS_READ: 'true', RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => t.close());

  it('counts a 304 as a request: the limiter runs before the revalidation', async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const url = getUrl('{ regions { code } }');
    const first = await fastify.inject({ method: 'GET', url });
    const etag = first.headers.etag as string;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fastify.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode);
    expect(statuses).toEqual([304, 304, 429]);
  });
});
