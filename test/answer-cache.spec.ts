// The answer cache (src/answer-cache): the per-plan aggregates are answered from memory until the data changes, and
// never after a change this instance acknowledged; other instances' changes end them within a bounded, measured time.
import { Client } from 'pg';
import { AnswerCache } from '../src/http-cache/answer-cache.service';
import { NoticeListener } from '../src/notices/notice-listener';
import { createArea, createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';
import { HEADER, IMPORT } from './support/import-export-app';
import { ADMIN_TOKEN, bootTestApp, dbKey, TestApp } from './support/test-app';

const onServer = process.env.TEST_DB_KIND === 'server';
const BY_AREA = `query($p: String!) { progressByArea(planCode: $p) { area { code } taskCount completed inProgress averageProgress } }`;
const BY_AREA_DECLARED = `query($p: String!) { progressByArea(planCode: $p) { area { code } declaredTaskCount } }`;
const BY_REGION = `query($p: String!) { progressByRegion(planCode: $p) { region { code } taskCount completed } }`;
const ROUNDS = `{ roundComparison { plan { code } catalogedTaskCount reportedTaskCount computedCompletionRate } }`;

/** Polls `read` until `done(value)`, returning the milliseconds it took; fails after `limitMs`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, limitMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (done(await read())) return performance.now() - start;
    if (performance.now() - start > limitMs) throw new Error(`not seen within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('answer cache', () => {
  let t: TestApp;
  let cache: AnswerCache;
  let plan: { code: string };
  let area: { code: string };
  let task: { id: string; version: number };

  const completedIn = async (app: TestApp, code = plan.code): Promise<number> => {
    const res = await app.gql(BY_AREA, { p: code });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return (res.data.progressByArea as { completed: number }[]).reduce((n, r) => n + r.completed, 0);
  };
  const averageIn = async (app: TestApp): Promise<number | null> => {
    const res = await app.gql(BY_AREA, { p: plan.code });
    return (res.data.progressByArea as { area: { code: string } | null; averageProgress: number | null }[]).find((r) => r.area?.code === area.code)!
      .averageProgress;
  };
  const record = async (input: Record<string, unknown>) => {
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: task.version, ...input } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    task.version = res.data.recordTaskUpdate.version;
  };

  beforeAll(async () => {
    // A long check interval: within these tests only notices and this instance's own writes end answers.
    t = await bootTestApp({ ANSWER_CACHE_CHECK_MS: '60000' });
    cache = t.app.get(AnswerCache);
    plan = await createPlan(t);
    area = await createArea(t, plan.code);
    task = await createTask(t, plan.code, { areaCode: area.code, leadRegions: ['SH'] });
    await createTask(t, plan.code, { areaCode: area.code, leadRegions: ['JS'] });
  });
  afterAll(async () => t.close());

  it('answers a question asked again with no SQL at all, for each cached aggregate', async () => {
    expect(cache.active()).toBe(true);
    for (const [query, variables] of [
      [BY_AREA, { p: plan.code }],
      [BY_REGION, { p: plan.code }],
      [ROUNDS, undefined],
    ] as const) {
      const first = await t.gql(query, variables);
      expect(first.errors).toBeUndefined();
      const hits = cache.counters.hits;
      let again: Awaited<ReturnType<TestApp['gql']>> | undefined;
      expect(await t.countStatements(async () => (again = await t.gql(query, variables)))).toBe(0);
      expect(again!.data).toEqual(first.data);
      expect(cache.counters.hits).toBe(hits + 1);
    }
    // The plan code compares without case, as plans are found: the same answer, still no SQL.
    expect(await t.countStatements(() => t.gql(BY_AREA, { p: plan.code.toUpperCase() }))).toBe(0);
  });

  it('keeps whole replies to queries: asked again, by POST or GET, no SQL and no execution', async () => {
    const PAGE = `query Page($p: String!) { tasks(planCode: $p, first: 10) { totalCount edges { node { code status progress area { code } leadRegions { code } } } } }`;
    const first = await t.gql(PAGE, { p: plan.code });
    expect(first.errors).toBeUndefined();
    const hits = cache.counters.hits;
    let again: Awaited<ReturnType<TestApp['gql']>> | undefined;
    expect(await t.countStatements(async () => (again = await t.gql(PAGE, { p: plan.code })))).toBe(0);
    expect(again!.raw).toBe(first.raw);
    expect(again!.headers['content-type']).toBe(first.headers['content-type']);
    expect(cache.counters.hits).toBe(hits + 1);
    // Other variables: another reply.
    expect(await t.countStatements(() => t.gql(PAGE, { p: `${plan.code}-none` }))).toBeGreaterThan(0);

    // GET: kept too, and revalidation still answers 304 (one small read for the tag).
    const fastify = t.app.getHttpAdapter().getInstance();
    const url = `/graphql?${new URLSearchParams({ query: PAGE, variables: JSON.stringify({ p: plan.code }) })}`;
    const get = (headers: Record<string, string> = {}) =>
      fastify.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });
    const g1 = await get();
    const g2 = await get();
    expect(g2.statusCode).toBe(200);
    expect(g2.body).toBe(g1.body);
    expect(g2.headers.etag).toBe(g1.headers.etag);
    expect((await get({ 'if-none-match': String(g1.headers.etag) })).statusCode).toBe(304);
  });

  it("keeps each viewer's reply apart: a DASHBOARD never gets an ADMIN's notes, an EDITOR of one region never another's", async () => {
    const NOTES = `query($p: String!) { tasks(planCode: $p, first: 5) { edges { node { code history(first: 3) { edges { node { note } } } } } } }`;
    await record({ status: 'IN_PROGRESS', progress: 55, note: '只给管理员看的备注' });
    const admin = await t.gql(NOTES, { p: plan.code });
    expect(admin.raw).toContain('只给管理员看的备注');
    const dashboard = await t.keyFor('DASHBOARD');
    for (let i = 0; i < 2; i++) {
      const seen = await t.gql(NOTES, { p: plan.code }, dashboard);
      expect(seen.raw).not.toContain('只给管理员看的备注');
      expect(seen.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const [sh, js] = [await t.keyFor('EDITOR', ['SH']), await t.keyFor('EDITOR', ['JS'])];
    await t.gql(BY_REGION, { p: plan.code }, sh);
    const hits = cache.counters.hits;
    await t.gql(BY_REGION, { p: plan.code }, js);
    // The region rows themselves come from the kept aggregate, but not the reply of the other editor.
    expect(cache.counters.hits).toBe(hits + 1);
  });

  it('never keeps a mutation, an answer with errors or one that reads API keys', async () => {
    const stale = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'DELAYED' } });
    expect(stale.errors?.[0]?.extensions.code).toBe('VERSION_CONFLICT');
    const again = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'DELAYED' } });
    expect(again.errors?.[0]?.extensions.code).toBe('VERSION_CONFLICT');
    const keys = `{ apiKeys { name lastUsedAt } }`;
    await t.gql(keys);
    expect(await t.countStatements(() => t.gql(keys))).toBeGreaterThan(0);
    // A plan that does not exist yet: NOT_FOUND each time, and found as soon as it is created.
    const missing = `query($p: String!) { progressByArea(planCode: $p) { taskCount } }`;
    const code = `later-${Date.now().toString(36)}`;
    for (let i = 0; i < 2; i++) expect((await t.gql(missing, { p: code })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await createPlan(t, { code });
    const found = await t.gql(missing, { p: code });
    expect(found.errors).toBeUndefined();
    expect(found.data.progressByArea).toEqual([]);
  });

  it('never shows the old answer after an acknowledged write, even with reads running while it commits', async () => {
    for (let i = 1; i <= 20; i++) {
      const progress = (i * 7) % 100;
      await averageIn(t); // cached before the write
      // Reads that start before, during and after the write's commit; the ones that began earlier must not be kept.
      const during = Array.from({ length: 4 }, () => averageIn(t));
      await record({ status: 'IN_PROGRESS', progress });
      await Promise.all(during);
      // The other task has no progress: the area's average is this task's.
      expect(await averageIn(t)).toBe(progress);
      expect(await t.gql(BY_REGION, { p: plan.code }).then((r) => r.errors)).toBeUndefined();
    }
  });

  it('ends the answers when a task update or an admin edit commits', async () => {
    const before = await completedIn(t);
    await record({ status: 'COMPLETED', progress: 100 });
    expect(await completedIn(t)).toBe(before + 1);
    // An admin edit elsewhere: a new plan appears in roundComparison at once.
    const rounds = await t.gql(ROUNDS);
    const planCount = (rounds.data.roundComparison as unknown[]).length;
    await createPlan(t);
    expect(((await t.gql(ROUNDS)).data.roundComparison as unknown[]).length).toBe(planCount + 1);
  });

  it('ends the answers after an import through GraphQL and through the upload route', async () => {
    const code = plan.code;
    const count = async () => ((await t.gql(BY_AREA, { p: code })).data.progressByArea as { taskCount: number }[]).reduce((n, r) => n + r.taskCount, 0);
    const n = await count();
    const row = (c: string) => `${c},,${area.code},导入的任务,,NOT_STARTED,,,,,,,`;
    const imported = await t.gql(IMPORT, { input: { planCode: code, format: 'CSV', content: `${HEADER}\n${row('IMP-1')}` } });
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importTasks.created).toBe(1);
    expect(await count()).toBe(n + 1);

    const boundary = '----answercache';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="planCode"\r\n\r\n${code}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n${row('IMP-2')}\r\n` +
        `--${boundary}--\r\n`,
    );
    const upload = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/import/tasks',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    expect(upload.statusCode).toBe(200);
    expect(await count()).toBe(n + 2);
  });

  it('does not keep an answer whose computation began before the data changed', async () => {
    let release!: (v: string) => void;
    const slow = cache.get('test\0race', () => new Promise<string>((r) => (release = r)));
    cache.invalidate(); // a change commits while the answer is being computed
    release('old');
    expect(await slow).toBe('old'); // the caller that asked first gets what it read…
    expect(await cache.get('test\0race', async () => 'new')).toBe('new'); // …but it was not kept for anyone else
    expect(await cache.get('test\0race', async () => 'newer')).toBe('new'); // and the fresh one is
  });

  it('shares one computation among concurrent askers of the same answer', async () => {
    cache.invalidate();
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('test\0shared', compute)));
    expect(runs).toBe(1);
    expect(new Set(answers)).toEqual(new Set([1]));
  });

  it('ends the answers when a change is made with SQL by hand on this database, and says how soon', async () => {
    const declared = async (app: TestApp) => {
      const res = await app.gql(BY_AREA_DECLARED, { p: plan.code });
      return (res.data.progressByArea as { area: { code: string } | null; declaredTaskCount: number | null }[]).find((r) => r.area?.code === area.code)!
        .declaredTaskCount;
    };
    const watcher = await bootTestApp({ ANSWER_CACHE_CHECK_MS: '200' });
    try {
      const before = await declared(watcher);
      await declared(watcher); // kept
      const next = (before ?? 0) + 1;
      // Not through the API: a connection of its own, as psql or a migration script would be (an area's declared count:
      // a column with no history to keep in step).
      const sql = new Client({ connectionString: t.ds.options.type === 'postgres' ? (t.ds.options.url as string) : undefined });
      await sql.connect();
      try {
        await sql.query(`UPDATE area SET declared_task_count = $2 WHERE lower(code) = lower($1)`, [area.code, next]);
      } finally {
        await sql.end();
      }
      // On a server the notice reaches the LISTEN connection at once. On the test suite's shared PGlite another
      // connection's notices are not delivered (see NoticeListener): the data-version check sees the change.
      const ms = await until(
        () => declared(watcher),
        (n) => n === next,
        3000,
      );
      expect(ms).toBeLessThan(onServer ? 200 : 600);
    } finally {
      await watcher.close();
    }
  });

  it('reports its entries, hits, misses and invalidations on /metrics', async () => {
    await t.gql(BY_AREA, { p: plan.code });
    await t.gql(BY_AREA, { p: plan.code });
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    const sample = (name: string) => Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(res.body)?.[1]);
    expect(sample('answer_cache_lookups_total{outcome="hit"}')).toBe(cache.counters.hits);
    expect(sample('answer_cache_lookups_total{outcome="miss"}')).toBe(cache.counters.misses);
    expect(sample('answer_cache_invalidations_total')).toBe(cache.counters.invalidations);
    expect(sample('answer_cache_entries')).toBe(cache.size());
    expect(cache.size()).toBeGreaterThan(0);
  });

  it('computes every answer with ANSWER_CACHE=false', async () => {
    const off = await bootTestApp({ ANSWER_CACHE: 'false' });
    try {
      const c = off.app.get(AnswerCache);
      expect(c.active()).toBe(false);
      await off.gql(BY_AREA, { p: plan.code });
      expect(await off.countStatements(() => off.gql(BY_AREA, { p: plan.code }))).toBe(1);
      expect(c.counters.hits).toBe(0);
    } finally {
      await off.close();
    }
  });

  it("sees another instance's change within the check interval, even with no notice heard", async () => {
    const other = await bootTestApp({ ANSWER_CACHE_CHECK_MS: '200' });
    try {
      const before = await completedIn(other);
      await completedIn(other); // kept
      const second = await createTask(t, plan.code, { areaCode: area.code });
      const r = await t.gql(RECORD_UPDATE, { input: { taskId: second.id, expectedVersion: second.version, status: 'COMPLETED', progress: 100 } });
      expect(r.errors).toBeUndefined();
      const ms = await until(
        () => completedIn(other),
        (n) => n === before + 1,
        3000,
      );
      // With the notice (a server) a few ms; without it (the shared PGlite) at most one check interval and a check.
      expect(ms).toBeLessThan(onServer ? 1000 : 600);
    } finally {
      await other.close();
    }
  });

  if (onServer)
    it('caches nothing while the LISTEN connection is down, and again once it is back', async () => {
      const listener = t.app.get(NoticeListener);
      await completedIn(t);
      await t.ds.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'action-plan-tracker-notices' AND pid <> pg_backend_pid()`,
      );
      await until(
        async () => listener.listening,
        (l) => !l,
        2000,
      );
      expect(cache.active()).toBe(false);
      const uncached = cache.counters.uncached;
      await completedIn(t);
      expect(cache.counters.uncached).toBe(uncached + 1);
      await until(
        async () => listener.listening,
        (l) => l,
        5000,
      );
      expect(cache.active()).toBe(true);
      await completedIn(t);
      expect(await t.countStatements(() => completedIn(t))).toBe(0);
    });
});
