import { BACKGROUND_SQL } from '../src/common/sql/background';
import { CountingLogger } from '../src/database/counting.logger';
import { bootTestApp, dbKey, nodeId, TestApp, uniq } from './support/test-app';

// Statement budgets. CountingLogger.statements goes up once for every statement TypeORM sends on any connection
// (ds.query, repositories, query builders, transaction BEGIN/COMMIT), whatever the request. Besides the statements
// that answer the query, a request may cost one more: the principal hook looks the API key up unless its 1-second
// cache still holds the token; countStatements leaves those lookups out. The spy below records each statement's
// text so the tests can tell that lookup apart from the statements under test.

describe('statements per request (DataLoaders and one-statement aggregates)', () => {
  let t: TestApp;
  let planCode: string;
  let spy: jest.SpyInstance;

  /** The statements `fn` sent, and those that were not the API-key lookup or the answer cache's background check. */
  async function statements(fn: () => Promise<unknown>) {
    spy.mockClear();
    const counted = await t.countStatements(fn);
    const sql = spy.mock.calls.map((c) => String(c[0]).replace(/\s+/g, ' ').trim());
    const answering = sql.filter((q) => !/\bapi_key\b/.test(q) && !/\bFROM data_version\b/.test(q) && !q.startsWith(BACKGROUND_SQL));
    expect(answering).toHaveLength(counted);
    return { counted, sql, answering };
  }

  beforeAll(async () => {
    t = await bootTestApp();
    spy = jest.spyOn(CountingLogger.prototype, 'logQuery');
    planCode = `fx-loaders-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 905, '加载测试', 2024, 2026) RETURNING id`,
      [planCode],
    );
    const areas: number[] = [];
    for (const ordinal of [1, 2, 3]) {
      const [{ id }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        planId,
        ordinal,
        `A${ordinal}`,
        `方面${ordinal}`,
      ]);
      areas.push(id);
    }
    // 120 key tasks in one statement; every third has no area, regions and indicators vary.
    const ids: { id: number }[] = await t.ds.query(
      `INSERT INTO task (plan_id, area_id, code, title, search_text, status, progress, due_date)
       SELECT $1, CASE WHEN i % 3 = 0 THEN NULL ELSE ($2::int[])[1 + i % 3] END, 'L' || lpad(i::text, 3, '0'), '任务' || i, '任务' || i || E'\\n',
         (ARRAY['NOT_REPORTED','IN_PROGRESS','DELAYED']::task_status[])[1 + i % 3], CASE WHEN i % 3 = 1 THEN i % 100 END,
         DATE '2024-01-01' + i
       FROM generate_series(1, 120) i RETURNING id`,
      [planId, areas],
    );
    await t.ds.query(
      `INSERT INTO task_lead_region (task_id, region_code)
       SELECT id, (ARRAY['SH','JS','ZJ','AH'])[1 + id % 4] FROM unnest($1::int[]) id
       UNION SELECT id, 'SH' FROM unnest($1::int[]) id WHERE id % 5 = 0`,
      [ids.map((r) => r.id)],
    );
    await t.ds.query(
      `INSERT INTO indicator (code, name, unit, task_id) SELECT $2 || '-' || id, '指标' || id, 'km', id FROM unnest($1::int[]) id WHERE id % 4 = 0`,
      [ids.map((r) => r.id), `fx-ind-${uniq()}`],
    );
  });
  afterAll(async () => {
    spy.mockRestore();
    await t.close();
  });

  const PAGE = `query($p: String!, $n: Int!) { tasks(planCode: $p, first: $n) { totalCount edges { node {
    code area { code plan { code } } plan { code title } leadRegions { code name } indicators { code unit } } } } }`;

  it('serves a page of 100 tasks with area, plan, lead regions and indicators in a handful of statements', async () => {
    let reply: any;
    const { counted, answering } = await statements(async () => {
      reply = await t.gql(PAGE, { p: planCode, n: 100 });
    });
    expect(reply.errors).toBeUndefined();
    const nodes = reply.data.tasks.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(100);
    // The relations really were resolved, so the budget below is not met by leaving them out.
    expect(nodes.filter((n: any) => n.area !== null).length).toBeGreaterThan(50);
    expect(nodes.every((n: any) => n.plan.code === planCode && n.leadRegions.length > 0)).toBe(true);
    expect(nodes.filter((n: any) => n.indicators.length === 1).length).toBeGreaterThan(20);
    // Page + count (one statement each, areas and lead regions ride along in the page as JSON), one batched load of
    // plans (shared by task.plan and area.plan) and one of indicators: 4, plus at most the API-key lookup.
    expect(counted).toBeLessThanOrEqual(6);
    expect(answering.length).toBeLessThanOrEqual(4);
  });

  it('costs no more statements for 50 tasks than for 5', async () => {
    const replies: any[] = [];
    const small = await statements(async () => replies.push(await t.gql(PAGE, { p: planCode, n: 5 })));
    const large = await statements(async () => replies.push(await t.gql(PAGE, { p: planCode, n: 50 })));
    expect(replies.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(replies.map((r) => r.data.tasks.edges.length)).toEqual([5, 50]);
    expect(large.answering.length).toBe(small.answering.length);
    expect(large.answering.length).toBeLessThanOrEqual(4);
  });

  it('carries latest update and indicators in the page statement (aliases and fragments too), answering as the loaders do', async () => {
    const tasks: { id: number; version: number }[] = await t.ds.query(
      `SELECT t.id, t.version FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1 AND t.id % 4 = 0 ORDER BY t.code LIMIT 3`,
      [planCode],
    );
    for (const task of tasks) {
      const res = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version } }`, {
        i: { taskId: nodeId('Task', task.id), expectedVersion: task.version, status: 'IN_PROGRESS', progress: 10 + (task.id % 50), note: `n${task.id}` },
      });
      expect(res.errors).toBeUndefined();
    }
    const FIELDS =
      'id latestUpdate { id version recordedAt occurredOn statusFrom statusTo progressTo note author changedFields } recent: latestUpdate { version }';
    let page: any;
    const { answering } = await statements(async () => {
      page = await t.gql(
        `query($p: String!) { tasks(planCode: $p, first: 100) { totalCount edges { node { ${FIELDS} ...ind } } } }
         fragment ind on Task { indicators { id code unit name plan { code } } }`,
        { p: planCode },
      );
    });
    expect(page.errors).toBeUndefined();
    // Page and count; the indicators' plan is one batched load (null plans cost nothing, so it may be skipped).
    expect(answering.filter((q) => /\bFROM task_update\b|\bFROM "?indicator"?\b/i.test(q) && !/json_build_object/.test(q))).toEqual([]);
    expect(answering.length).toBeLessThanOrEqual(3);
    const nodes = page.data.tasks.edges.map((e: any) => e.node);
    const updated = nodes.filter((n: any) => n.latestUpdate !== null);
    expect(updated.map((n: any) => Number(dbKey(n.id))).sort()).toEqual(expect.arrayContaining(tasks.map((x) => x.id).sort()));
    expect(nodes.filter((n: any) => n.indicators.length > 0).length).toBeGreaterThan(20);
    // The same tasks asked one by one go through the loaders: the answers must be identical.
    for (const node of [...updated.slice(0, 3), ...nodes.filter((n: any) => n.indicators.length > 0).slice(0, 2)]) {
      const one = await t.gql(
        `query($id: ID!) { task(id: $id) { ${FIELDS} ...ind } } fragment ind on Task { indicators { id code unit name plan { code } } }`,
        { id: node.id },
      );
      expect(one.errors).toBeUndefined();
      expect(one.data.task).toEqual(node);
    }
  });

  it('records a task update in two statements (read, then one conditional write) with no explicit transaction', async () => {
    const [task] = await t.ds.query(`SELECT t.id, t.version FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1 ORDER BY t.code LIMIT 1`, [planCode]);
    let reply: any;
    const { answering } = await statements(async () => {
      reply = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version progress } }`, {
        i: { taskId: nodeId('Task', task.id), expectedVersion: task.version, progress: 42, note: 'two statements' },
      });
    });
    expect(reply.errors).toBeUndefined();
    expect(reply.data.recordTaskUpdate).toEqual({ version: task.version + 1, progress: 42 });
    expect(answering).toHaveLength(2);
    expect(answering[0]).toMatch(/^SELECT/);
    expect(answering[1]).toMatch(/UPDATE task SET .*INSERT INTO task_update/);
    expect(answering.some((q) => /^(START TRANSACTION|BEGIN|COMMIT)/i.test(q))).toBe(false);
    const [history] = await t.ds.query('SELECT progress_to, note FROM task_update WHERE task_id = $1 AND version = $2', [task.id, task.version + 1]);
    expect(history).toEqual({ progress_to: 42, note: 'two statements' });
  });

  it('answers progressByArea with ONE statement, areas included', async () => {
    let reply: any;
    const { answering } = await statements(async () => {
      reply = await t.gql(
        `query($p: String!) { progressByArea(planCode: $p) { area { code name ordinal declaredTaskCount } taskCount completed completionRate } }`,
        { p: planCode },
      );
    });
    expect(reply.errors).toBeUndefined();
    expect(reply.data.progressByArea.map((r: any) => r.area?.code ?? null)).toEqual(['A1', 'A2', 'A3', null]);
    expect(reply.data.progressByArea.reduce((a: number, r: any) => a + r.taskCount, 0)).toBe(120);
    expect(answering).toHaveLength(1);
    expect(answering[0]).toMatch(/GROUP BY/);
  });

  it('answers progressByRegion with ONE statement, regions included', async () => {
    let reply: any;
    const { answering } = await statements(async () => {
      reply = await t.gql(`query($p: String!) { progressByRegion(planCode: $p) { region { code name abbreviation } taskCount } }`, { p: planCode });
    });
    expect(reply.errors).toBeUndefined();
    expect(reply.data.progressByRegion.map((r: any) => r.region?.code ?? null)).toEqual(['SH', 'JS', 'ZJ', 'AH']);
    expect(answering).toHaveLength(1);
  });

  it('answers a plans overview with nested areas, counts and evaluations in a handful of statements', async () => {
    let reply: any;
    const { answering } = await statements(async () => {
      reply = await t.gql(`{ plans { code catalogedTaskCount source { title } areas { code taskCount plan { code } }
        evaluations { completion { value } source { title } } } }`);
    });
    expect(reply.errors).toBeUndefined();
    expect(reply.data.plans.length).toBeGreaterThanOrEqual(4);
    // plans, then one batch per relation and level: plan task counts, plan sources, areas, evaluations, area task
    // counts, area plans (the plans list does not prime the plan loader) and evaluation sources. Eight however many
    // plans and areas there are.
    expect(answering.length).toBeLessThanOrEqual(8);
  });

  it('answers Area.tasks for every area of every plan in one statement (plans, areas, then one batch of pages)', async () => {
    let reply: any;
    const { answering } = await statements(async () => {
      reply = await t.gql(`{ plans { code areas { code taskCount tasks(first: 2) { totalCount pageInfo { hasNextPage } edges { node { code } } } } } }`);
    });
    expect(reply.errors).toBeUndefined();
    const areas = reply.data.plans.flatMap((p: any) => p.areas.map((a: any) => ({ plan: p.code, ...a })));
    expect(areas.length).toBeGreaterThan(10);
    // Before: two statements per area (page and count), 902 for the issue's data. Now plans, areas, the areas' task
    // counts (taskCount, a loader) and one batch of pages.
    expect(answering).toHaveLength(4);
    expect(answering.filter((q) => /unnest/.test(q))).toHaveLength(1);
    // Each area's page and total are its own, as the top-level list filtered by the area gives them.
    for (const area of areas.filter((a: any) => a.plan === planCode || a.taskCount > 2).slice(0, 6)) {
      const alone = await t.gql(
        `query($p: String!, $a: String!) { tasks(planCode: $p, filter: { areaCode: $a }, first: 2) {
        totalCount pageInfo { hasNextPage } edges { node { code } } } }`,
        { p: area.plan, a: area.code },
      );
      expect(alone.errors).toBeUndefined();
      expect(area.tasks).toEqual(alone.data.tasks);
      expect(area.tasks.totalCount).toBe(area.taskCount);
    }
  });

  it('batches Area.tasks and Task.history under a page of 100 tasks: one statement per field level, none per task', async () => {
    // Two tasks with a history of their own (versions 2 and 3), whatever earlier tests wrote.
    const picked: { id: number; version: number }[] = await t.ds.query(
      `SELECT t.id, t.version FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1 ORDER BY t.code LIMIT 2`,
      [planCode],
    );
    for (const task of picked) {
      for (const progress of [20, 30]) {
        const res = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version } }`, {
          i: { taskId: nodeId('Task', task.id), expectedVersion: task.version, progress, note: `h${progress}` },
        });
        expect(res.errors).toBeUndefined();
        task.version += 1;
      }
    }
    let reply: any;
    let areaReply: any;
    const history = await statements(async () => {
      reply = await t.gql(
        `query($p: String!) { tasks(planCode: $p, first: 100) { edges { node { id version
        history(first: 2) { totalCount pageInfo { hasNextPage } edges { node { version statusTo note } } } } } } }`,
        { p: planCode },
      );
    });
    const area = await statements(async () => {
      areaReply = await t.gql(`query($p: String!) { tasks(planCode: $p, first: 100) { edges { node { area { code tasks(first: 1) { totalCount } } } } } }`, {
        p: planCode,
      });
    });
    expect([reply.errors, areaReply.errors]).toEqual([undefined, undefined]);
    const nodes = reply.data.tasks.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(100);
    // Each: the page (no count, totalCount is not selected) and one batch for the nested field. Before: 1 + 2 per task.
    expect(history.answering).toHaveLength(2);
    expect(area.answering).toHaveLength(2);
    const areaNodes = areaReply.data.tasks.edges.map((e: any) => e.node).filter((n: any) => n.area);
    expect(areaNodes.length).toBeGreaterThan(50);
    const perArea = await t.gql(`query($p: String!) { plan(code: $p) { areas { code taskCount } } }`, { p: planCode });
    const counts = new Map(perArea.data.plan.areas.map((a: any) => [a.code, a.taskCount]));
    for (const n of areaNodes) expect(n.area.tasks.totalCount).toBe(counts.get(n.area.code));
    for (const n of nodes) {
      // A created task starts at version 1 with no history row.
      expect(n.history.totalCount).toBe(n.version - 1);
      expect(n.history.edges.map((e: any) => e.node.version)).toEqual([n.version, n.version - 1].filter((v) => v >= 2));
    }
    const withHistory = nodes.filter((n: any) => n.version > 2);
    expect(withHistory.length).toBeGreaterThan(0);
    // The batched answer is the one a task asked alone gets.
    for (const n of withHistory.slice(0, 3)) {
      const one = await t.gql(
        `query($id: ID!) { task(id: $id) { history(first: 2) { totalCount pageInfo { hasNextPage } edges { node { version statusTo note } } } } }`,
        { id: n.id },
      );
      expect(one.data.task.history).toEqual(n.history);
    }
  });

  it("validates a nested connection's arguments once per request, and refuses bad ones every time", async () => {
    const nested = (first: number) =>
      `query($p: String!) { plan(code: $p) { areas { tasks(first: ${first}, filter: { dueBefore: "2024-03-01" }) { totalCount } } } }`;
    const replies: any[] = [];
    for (const first of [101, 2, 101, 2]) replies.push(await t.gql(nested(first), { p: planCode }));
    expect(replies.map((r) => r.errors?.[0]?.extensions.code ?? 'ok')).toEqual(['BAD_USER_INPUT', 'ok', 'BAD_USER_INPUT', 'ok']);
    expect(replies[0].errors![0].message).toMatch(/first must not be greater than 100/);
    // The remembered arguments are not shared state: the same request with another filter answers its own totals.
    const later = await t.gql(`query($p: String!) { plan(code: $p) { areas { tasks(first: 2, filter: { dueBefore: "2024-02-01" }) { totalCount } } } }`, {
      p: planCode,
    });
    const totals = (r: any) => r.data.plan.areas.map((a: any) => a.tasks.totalCount);
    expect(totals(later).every((n: number, i: number) => n <= totals(replies[1])[i])).toBe(true);
    expect(totals(later).reduce((a: number, b: number) => a + b, 0)).toBeLessThan(totals(replies[1]).reduce((a: number, b: number) => a + b, 0));
  });

  it('counts a page only when totalCount is selected', async () => {
    const query = (fields: string) => `query($p: String!) { tasks(planCode: $p, first: 10) { ${fields} edges { node { code } } } }`;
    const without = await statements(() => t.gql(query(''), { p: planCode }));
    const withTotal = await statements(() => t.gql(query('totalCount'), { p: planCode }));
    expect(without.answering).toHaveLength(1);
    expect(without.answering.some((q) => /count\(\*\)/.test(q))).toBe(false);
    expect(withTotal.answering).toHaveLength(2);
    const search = await statements(() =>
      t.gql(`query($p: String!) { tasks(planCode: $p, first: 5, filter: { search: "任务1" }) { edges { node { code } } } }`, { p: planCode }),
    );
    expect(search.answering).toHaveLength(1);
    expect(search.answering[0]).not.toMatch(/count\(\*\)/);
  });

  it('answers roundComparison in a handful of statements however many plans there are', async () => {
    const { answering } = await statements(() =>
      t.gql('{ roundComparison { plan { code } catalogedTaskCount reportedCompletion { value source { title } } computedCompletionRate } }'),
    );
    // The aggregate, one batch of plans, one batch of sources.
    expect(answering.length).toBeLessThanOrEqual(3);
  });
});
