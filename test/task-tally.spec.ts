import { Client } from 'pg';
import { ProgressCompactor } from '../src/progress/progress-compactor.service';
import { TaskStatus } from '../src/common/domain-enums';
import { overdueOn } from '../src/common/sql/task-tally';
import { planTodaySql } from '../src/common/time-zone';
import { tallyTotalSql, TaskQuery, taskWhere } from '../src/tasks/tasks.sql';
import { bootTestApp, nodeId, TestApp, uniq } from './support/test-app';

// The key-task counts the writers keep (migration TaskTally) must always equal counting the tasks: after bulk and
// single writes of every kind (SQL by hand, the API, a rolled-back transaction, concurrent transactions), after
// folding, on every day (month boundaries included), and for every task-list filter they answer. The ground truth is
// the tasks themselves, counted in the same statement or snapshot.

const STATUSES = ['NOT_REPORTED', 'NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'SUSPENDED'] as const;
const REGIONS = ['SH', 'JS', 'ZJ', 'AH'];
const COLUMNS = 'tasks, not_reported, not_started, in_progress, completed, delayed, suspended, progress_sum, progress_n';
const onServer = process.env.TEST_DB_KIND === 'server';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Each group's counts computed from the tasks of plans $1 (key tasks: not archived, no parent), overdue on each plan's today. */
const TRUTH_SQL = `
  WITH k AS (
    SELECT t.id, t.plan_id, t.area_id, t.status, t.progress, t.due_date, ${planTodaySql('p.time_zone')} AS today
    FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.plan_id = ANY($1) AND t.archived_at IS NULL AND t.parent_id IS NULL
  ),
  g AS (
    SELECT k.*, 'P' AS grp, NULL::int AS g_area, NULL::varchar AS g_region FROM k
    UNION ALL SELECT k.*, 'A', k.area_id, NULL FROM k
    UNION ALL SELECT k.*, 'R', NULL, lr.region_code FROM k LEFT JOIN task_lead_region lr ON lr.task_id = k.id
  )
  SELECT g.plan_id, g.grp, g.g_area AS area_id, g.g_region AS region_code, count(*)::int AS tasks,
    ${STATUSES.map((s) => `count(*) FILTER (WHERE g.status = '${s}')::int AS ${s.toLowerCase()}`).join(', ')},
    COALESCE(sum(g.progress), 0)::int AS progress_sum, count(g.progress)::int AS progress_n,
    count(*) FILTER (WHERE g.due_date < g.today AND g.status <> 'COMPLETED')::int AS overdue
  FROM g GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`;

/** The same from the tallies: each group's rows summed, and its overdue rows that count on the plan's today. */
const TALLIED_SQL = `
  WITH c AS (
    SELECT x.plan_id, x.grp::text AS grp, x.area_id, x.region_code, ${COLUMNS.split(', ')
      .map((col) => `sum(x.${col})::int AS ${col}`)
      .join(', ')}
    FROM task_tally x WHERE x.plan_id = ANY($1) GROUP BY 1, 2, 3, 4
  ),
  l AS (
    SELECT o.plan_id, o.grp::text AS grp, o.area_id, o.region_code, sum(o.overdue)::int AS overdue
    FROM task_overdue_tally o JOIN plan p ON p.id = o.plan_id
    WHERE o.plan_id = ANY($1) AND ${overdueOn('o', planTodaySql('p.time_zone'))} GROUP BY 1, 2, 3, 4
  )
  SELECT COALESCE(c.plan_id, l.plan_id) AS plan_id, COALESCE(c.grp, l.grp) AS grp, COALESCE(c.area_id, l.area_id) AS area_id,
    COALESCE(c.region_code, l.region_code) AS region_code,
    ${COLUMNS.split(', ')
      .map((col) => `COALESCE(c.${col}, 0) AS ${col}`)
      .join(', ')}, COALESCE(l.overdue, 0) AS overdue
  FROM c FULL JOIN l ON (l.plan_id, l.grp, COALESCE(l.area_id, 0), COALESCE(l.region_code, '')) = (c.plan_id, c.grp, COALESCE(c.area_id, 0), COALESCE(c.region_code, ''))
  WHERE (${COLUMNS.split(', ')
    .map((col) => `COALESCE(c.${col}, 0)`)
    .join(', ')}, COALESCE(l.overdue, 0)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`;

describe('key-task tallies kept by the writers', () => {
  let t: TestApp;
  let planIds: number[];
  let planCodes: string[];
  const areaIds: number[][] = [];

  const truth = () => t.ds.query(TRUTH_SQL, [planIds]);
  const tallied = () => t.ds.query(TALLIED_SQL, [planIds]);
  async function expectExact() {
    const [want, got] = await Promise.all([truth(), tallied()]);
    expect(want.length).toBeGreaterThan(10);
    expect(got).toEqual(want);
  }

  beforeAll(async () => {
    t = await bootTestApp();
    const rnd = random(20261130);
    planCodes = [`fx-tally-a-${uniq()}`, `fx-tally-b-${uniq()}`];
    planIds = [];
    // Due dates around today and around month ends, so the overdue rows of this month and of past months both count.
    const today = new Date();
    const around = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const dues = [
      null,
      '2019-12-31',
      '2020-01-31',
      '2020-02-29',
      '2024-06-30',
      around(-40),
      around(-2),
      around(-1),
      around(0),
      around(1),
      around(40),
      '2099-01-01',
    ];
    for (const [p, code] of planCodes.entries()) {
      const [{ id: planId }] = await t.ds.query(
        `INSERT INTO plan (code, round, title, period_start, period_end, time_zone) VALUES ($1, 950, '计数测试', 2024, 2026, $2) RETURNING id`,
        [code, p === 0 ? 'Asia/Shanghai' : 'Pacific/Kiritimati'],
      );
      planIds.push(planId);
      const areas: number[] = [];
      for (let i = 1; i <= 4; i++) {
        const [{ id }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
          planId,
          i,
          `A${i}`,
          `方面${i}`,
        ]);
        areas.push(id);
      }
      areaIds.push(areas);
      // 300 tasks in one statement (the bulk path), then their lead regions in one statement.
      const rows = Array.from({ length: 300 }, (_, i) => {
        const status = STATUSES[Math.floor(rnd() * STATUSES.length)];
        const progress = status === 'COMPLETED' ? 100 : status === 'NOT_REPORTED' ? null : rnd() < 0.2 ? null : Math.floor(rnd() * 100);
        return {
          area: rnd() < 0.1 ? null : areas[Math.floor(rnd() * areas.length)],
          code: `T${String(i).padStart(3, '0')}`,
          status,
          progress,
          due: dues[Math.floor(rnd() * dues.length)],
          archived: rnd() < 0.05,
        };
      });
      const ids: { id: number }[] = await t.ds.query(
        `INSERT INTO task (plan_id, area_id, code, title, status, progress, due_date, archived_at, search_text)
         SELECT $1, r.area, r.code, '任务' || r.code, r.status::task_status, r.progress, r.due, CASE WHEN r.archived THEN now() END, r.code
         FROM unnest($2::int[], $3::varchar[], $4::text[], $5::smallint[], $6::date[], $7::boolean[]) AS r(area, code, status, progress, due, archived)
         ORDER BY r.code RETURNING id`,
        [
          planId,
          rows.map((r) => r.area),
          rows.map((r) => r.code),
          rows.map((r) => r.status),
          rows.map((r) => r.progress),
          rows.map((r) => r.due),
          rows.map((r) => r.archived),
        ],
      );
      const links = ids.flatMap(({ id }) => REGIONS.filter(() => rnd() < 0.35).map((region) => [id, region] as const));
      await t.ds.query(`INSERT INTO task_lead_region (task_id, region_code) SELECT * FROM unnest($1::int[], $2::varchar[])`, [
        links.map((l) => l[0]),
        links.map((l) => l[1]),
      ]);
      // A few sub-tasks: never counted.
      await t.ds.query(
        `INSERT INTO task (plan_id, area_id, parent_id, code, title, status, progress, due_date, search_text)
         SELECT $1, t.area_id, t.id, t.code || '-S', '子任务', 'DELAYED', 5, '2020-01-01', 'x' FROM task t WHERE t.plan_id = $1 AND t.code < 'T010'`,
        [planId],
      );
    }
  });
  afterAll(async () => t.close());

  it('equal counting the tasks after bulk inserts of tasks, sub-tasks and lead regions', async () => {
    await expectExact();
  });

  it('equal counting the tasks after every kind of change made by SQL by hand, and a rolled-back one leaves none', async () => {
    const [a, b] = planIds;
    const q = (sql: string, params: unknown[] = []) => t.ds.query(sql, params);
    await q(`UPDATE task SET status = 'COMPLETED', progress = 100 WHERE plan_id = $1 AND id % 5 = 0 AND parent_id IS NULL`, [a]);
    await q(`UPDATE task SET status = 'DELAYED', progress = NULL WHERE plan_id = $1 AND id % 5 = 1 AND parent_id IS NULL`, [b]);
    await q(`UPDATE task SET progress = 37 WHERE plan_id = $1 AND id % 6 = 2 AND status NOT IN ('COMPLETED', 'NOT_REPORTED')`, [a]);
    await q(`UPDATE task SET area_id = $2 WHERE plan_id = $1 AND id % 7 = 1`, [a, areaIds[0][3]]);
    await q(`UPDATE task SET area_id = NULL WHERE plan_id = $1 AND id % 11 = 3`, [b]);
    await q(`UPDATE task SET due_date = CASE WHEN due_date IS NULL THEN '2021-03-01'::date ELSE NULL END WHERE plan_id = $1 AND id % 9 = 4`, [a]);
    await q(`UPDATE task SET due_date = due_date + 1 WHERE plan_id = ANY($1) AND id % 4 = 0`, [planIds]);
    await q(`UPDATE task SET archived_at = now() WHERE plan_id = $1 AND id % 13 = 5`, [b]);
    await q(`UPDATE task SET archived_at = NULL WHERE plan_id = $1 AND archived_at IS NOT NULL AND id % 2 = 0`, [a]);
    await q(`UPDATE task SET parent_id = NULL WHERE plan_id = $1 AND code = 'T001-S'`, [a]);
    await q(`UPDATE task SET parent_id = (SELECT min(id) FROM task WHERE plan_id = $1) WHERE plan_id = $1 AND code IN ('T200', 'T201')`, [b]);
    // Lead regions added, removed, changed and moved to another task.
    await q(`DELETE FROM task_lead_region lr USING task t WHERE t.id = lr.task_id AND t.plan_id = $1 AND t.id % 3 = 0`, [a]);
    await q(
      `INSERT INTO task_lead_region (task_id, region_code) SELECT t.id, 'AH' FROM task t WHERE t.plan_id = $1 AND t.id % 8 = 2
       ON CONFLICT DO NOTHING`,
      [b],
    );
    await q(
      `UPDATE task_lead_region lr SET region_code = 'ZJ' FROM task t WHERE t.id = lr.task_id AND t.plan_id = $1 AND lr.region_code = 'SH'
       AND NOT EXISTS (SELECT 1 FROM task_lead_region z WHERE z.task_id = lr.task_id AND z.region_code = 'ZJ')`,
      [b],
    );
    const [{ from, to }] = await q(
      `SELECT (SELECT t.id FROM task t WHERE t.plan_id = $1 AND t.parent_id IS NULL AND EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id AND lr.region_code = 'JS') ORDER BY t.id LIMIT 1) AS from,
        (SELECT t.id FROM task t WHERE t.plan_id = $1 AND t.parent_id IS NULL AND NOT EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id) ORDER BY t.id LIMIT 1) AS to`,
      [a],
    );
    await q(`UPDATE task_lead_region SET task_id = $2 WHERE task_id = $1 AND region_code = 'JS'`, [from, to]);
    // A task moved to the other plan, tasks deleted, and new ones.
    await q(`UPDATE task SET plan_id = $2, area_id = $3, code = code || '-moved' WHERE plan_id = $1 AND code = 'T150'`, [a, b, areaIds[1][0]]);
    await q(`DELETE FROM task_lead_region WHERE task_id IN (SELECT id FROM task WHERE plan_id = $1 AND code IN ('T050', 'T051'))`, [a]);
    await q(`DELETE FROM task WHERE plan_id = $1 AND code IN ('T050', 'T051', 'T052')`, [a]);
    await q(
      `INSERT INTO task (plan_id, area_id, code, title, status, progress, due_date, search_text)
       VALUES ($1, $2, 'NEW1', '新任务', 'IN_PROGRESS', 20, '2020-02-29', 'x'), ($1, NULL, 'NEW2', '新任务', 'NOT_REPORTED', NULL, NULL, 'x')`,
      [b, areaIds[1][2]],
    );
    await expectExact();

    const before = await tallied();
    await t.ds
      .transaction(async (m) => {
        await m.query(`UPDATE task SET status = 'SUSPENDED', progress = NULL WHERE plan_id = ANY($1)`, [planIds]);
        await m.query(`DELETE FROM task_lead_region WHERE task_id IN (SELECT id FROM task WHERE plan_id = ANY($1))`, [planIds]);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await tallied()).toEqual(before);
    await expectExact();
  });

  it('equal counting the tasks after single-task changes of status or progress alone (the short route), one statement each', async () => {
    const tasks: { id: number; status: string; due_date: string | null }[] = await t.ds.query(
      `SELECT id, status, due_date FROM task WHERE plan_id = ANY($1) AND parent_id IS NULL AND archived_at IS NULL ORDER BY id LIMIT 60`,
      [planIds],
    );
    expect(tasks.some((x) => x.status === 'COMPLETED' && x.due_date !== null)).toBe(true);
    for (const [i, task] of tasks.entries()) {
      // Into and out of COMPLETED (its overdue rows move when it has a due date), between the others, progress to and from null.
      const status = task.status === 'COMPLETED' ? STATUSES[i % 3] : i % 2 ? 'COMPLETED' : STATUSES[(i % 5) + 1];
      const progress = status === 'COMPLETED' ? 100 : status === 'NOT_REPORTED' ? null : i % 4 === 0 ? null : i;
      await t.ds.query(`UPDATE task SET status = $2, progress = $3 WHERE id = $1`, [task.id, status, progress]);
    }
    await t.ds.query(`UPDATE task SET status = status WHERE id = $1`, [tasks[0].id]); // no change: nothing appended
    await expectExact();
  });

  it('take the short routes for one task, call the full syncs for several, and plan those for the ids they are given (migration SyncCustomPlans)', async () => {
    const SYNCS = ['progress_sync', 'task_tally_sync'];
    const config: { proname: string; proconfig: string[] | null }[] = await t.ds.query(
      `SELECT proname, proconfig FROM pg_proc WHERE proname = ANY($1) ORDER BY proname`,
      [SYNCS],
    );
    expect(config).toEqual(SYNCS.map((proname) => ({ proname, proconfig: ['plan_cache_mode=force_custom_plan', 'jit=off'] })));
    // Three new tasks, not yet changed by anything else (the earlier tests' changes depend on the ids the shared database
    // gives out, and some leave a task whose timeline the progress step rightly declines to extend).
    const ids: number[] = (
      await t.ds.query(
        `INSERT INTO task (plan_id, area_id, code, title, status, progress, due_date, search_text)
         SELECT $1, $2, 'ROUTE' || g, '路线任务', 'NOT_STARTED', NULL, '2020-06-30', 'x' FROM generate_series(1, 3) g ORDER BY g RETURNING id`,
        [planIds[0], areaIds[0][1]],
      )
    ).map((r: { id: number }) => r.id);
    await t.ds.query(`INSERT INTO task_lead_region (task_id, region_code) SELECT unnest($1::int[]), 'SH'`, [ids]);
    // Calls of our functions so far in this transaction (function statistics, counted for PL/pgSQL functions when asked).
    const calls = async (m: { query(sql: string): Promise<{ funcname: string; calls: string }[]> }) =>
      Object.fromEntries(
        (
          await m.query(
            `SELECT funcname, calls FROM pg_stat_xact_user_functions WHERE funcname IN ('progress_step', 'progress_sync', 'task_tally_step', 'task_tally_sync')`,
          )
        ).map((r) => [r.funcname, Number(r.calls)]),
      );
    await t.ds.transaction(async (m) => {
      await m.query(`SET LOCAL track_functions = 'pl'`);
      // One task's update as recordTaskUpdate writes it: the task and its history row in one statement.
      await m.query(
        `WITH u AS (UPDATE task SET status = 'IN_PROGRESS', progress = 41, version = version + 1 WHERE id = $1
           RETURNING id, version, status, progress, (SELECT status FROM task WHERE id = $1) AS status_from, (SELECT progress FROM task WHERE id = $1) AS progress_from)
         INSERT INTO task_update (task_id, version, actor_name, origin, occurred_on, status_from, status_to, progress_from, progress_to)
         SELECT u.id, u.version, 'tally test', 'API', (now() AT TIME ZONE p.time_zone)::date, u.status_from, u.status, u.progress_from, u.progress
         FROM u JOIN plan p ON p.id = $2`,
        [ids[0], planIds[0]],
      );
      expect(await calls(m)).toEqual({ progress_step: 1, task_tally_step: 1 });
      await m.query(`UPDATE task SET status = 'DELAYED', progress = 42 WHERE id = ANY($1)`, [ids.slice(1)]);
      expect(await calls(m)).toEqual({ progress_step: 1, task_tally_step: 1, progress_sync: 1, task_tally_sync: 1 });
    });
    await expectExact();
  });

  it('equal counting the tasks after changes through the API: updates, edits of area, regions and due date, archiving', async () => {
    const [task] = await t.ds.query(
      `SELECT t.id, t.version FROM task t WHERE t.plan_id = $1 AND t.parent_id IS NULL AND t.archived_at IS NULL AND t.status = 'IN_PROGRESS'
       AND NOT EXISTS (SELECT 1 FROM task s WHERE s.parent_id = t.id) ORDER BY t.id LIMIT 1`,
      [planIds[0]],
    );
    const update = await t.gql(`mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version status } }`, {
      i: { taskId: nodeId('Task', task.id), expectedVersion: task.version, status: 'COMPLETED', progress: 100 },
    });
    expect(update.errors).toBeUndefined();
    expect(update.data.recordTaskUpdate.status).toBe('COMPLETED');
    const edit = await t.gql(`mutation($i: UpdateTaskInput!) { updateTask(input: $i) { version } }`, {
      i: {
        id: nodeId('Task', task.id),
        expectedVersion: update.data.recordTaskUpdate.version,
        areaCode: 'A2',
        leadRegions: ['AH', 'SH'],
        dueDate: '2020-02-01',
      },
    });
    expect(edit.errors).toBeUndefined();
    const archive = await t.gql(`mutation($i: ArchiveTaskInput!) { archiveTask(input: $i) { archivedAt } }`, {
      i: { id: nodeId('Task', task.id), expectedVersion: edit.data.updateTask.version },
    });
    expect(archive.errors).toBeUndefined();
    await expectExact();
  });

  it('fold into one row per group (and per overdue day or month) without changing a count', async () => {
    const want = await truth();
    const rows = async () => {
      const [c] = await t.ds.query(
        `SELECT (SELECT count(*) FROM task_tally WHERE plan_id = ANY($1))::int AS counts,
          (SELECT count(*) FROM (SELECT DISTINCT plan_id, grp, area_id, region_code FROM task_tally WHERE plan_id = ANY($1)) g)::int AS count_groups,
          (SELECT count(*) FROM task_overdue_tally WHERE plan_id = ANY($1))::int AS overdue,
          (SELECT count(*) FROM (SELECT DISTINCT plan_id, grp, area_id, region_code, monthly, day FROM task_overdue_tally WHERE plan_id = ANY($1)) g)::int AS overdue_groups`,
        [planIds],
      );
      return c;
    };
    // This instance's timer folds every 2 s after a write, so it could fold before this test looks: it is stopped for
    // the test (and started again after), and rows are appended here, by two changes that cancel out.
    const compactor = t.app.get(ProgressCompactor);
    await compactor.onModuleDestroy();
    try {
      const flipped = (
        await t.ds.query(`SELECT id FROM task WHERE plan_id = ANY($1) AND parent_id IS NULL AND archived_at IS NULL AND status = 'DELAYED'`, [planIds])
      ).map((r: { id: number }) => r.id);
      expect(flipped.length).toBeGreaterThan(5);
      await t.ds.query(`UPDATE task SET status = 'SUSPENDED' WHERE id = ANY($1)`, [flipped]);
      await t.ds.query(`UPDATE task SET status = 'DELAYED' WHERE id = ANY($1)`, [flipped]);
      const before = await rows();
      expect(before.counts).toBeGreaterThan(before.count_groups);
      let removed = 0;
      // Another instance may hold the lock for a round: try until a round runs.
      for (let i = 0; i < 50 && removed === 0; i++) removed = await compactor.compactTallies();
      expect(removed).toBeGreaterThan(0);
      const after = await rows();
      expect(after.counts).toBeLessThanOrEqual(after.count_groups);
      expect(after.overdue).toBe(after.overdue_groups);
      expect(await tallied()).toEqual(want);
    } finally {
      compactor.onApplicationBootstrap();
    }
  });

  it('count overdue on any day, across month ends, as counting the tasks due before it', async () => {
    const days = [
      '2019-12-31',
      '2020-01-01',
      '2020-01-31',
      '2020-02-01',
      '2020-02-29',
      '2020-03-01',
      '2021-03-02',
      '2026-11-30',
      '2030-01-01',
      '2099-01-01',
      '2099-01-02',
    ];
    const [row] = await t.ds.query(
      `SELECT ${days
        .map(
          (d, i) => `
          (SELECT COALESCE(sum(o.overdue), 0) FROM task_overdue_tally o WHERE o.plan_id = ANY($1) AND o.grp = 'P' AND ${overdueOn('o', `'${d}'::date`)})::int AS tallied_${i},
          (SELECT count(*) FROM task t WHERE t.plan_id = ANY($1) AND t.archived_at IS NULL AND t.parent_id IS NULL AND t.status <> 'COMPLETED'
            AND t.due_date < '${d}'::date)::int AS counted_${i}`,
        )
        .join(',')}`,
      [planIds],
    );
    const counted = days.map((_, i) => row[`counted_${i}`]);
    expect(days.map((_, i) => row[`tallied_${i}`])).toEqual(counted);
    expect(new Set(counted).size).toBeGreaterThan(4); // the days really differ
  });

  describe('task-list totals', () => {
    const answerable: TaskQuery[] = [
      {},
      { planCode: 'PLAN_A' },
      { planCode: 'PLAN_B', status: [TaskStatus.COMPLETED] },
      { status: [TaskStatus.IN_PROGRESS, TaskStatus.DELAYED, TaskStatus.IN_PROGRESS] },
      { overdue: true },
      { overdue: false },
      { planCode: 'PLAN_A', overdue: true },
      { leadRegion: ['JS'] },
      { planCode: 'PLAN_B', leadRegion: ['AH'], overdue: true },
      { planCode: 'PLAN_A', areaCode: 'a2' },
      { areaCode: 'A3', status: [TaskStatus.NOT_REPORTED, TaskStatus.NOT_STARTED] },
      { planCode: 'PLAN_B', areaId: -1, overdue: false },
      { planCode: 'PLAN_A', includeArchived: false, includeSubtasks: false },
    ];
    const counted: TaskQuery[] = [
      { includeArchived: true },
      { includeSubtasks: true },
      { search: '任务' },
      { leadRegion: ['JS', 'SH'] },
      { areaCode: 'A1', leadRegion: ['JS'] },
      { overdue: true, status: [TaskStatus.DELAYED] },
      { dueBefore: '2021-01-01' },
      { changedSince: new Date(0) },
    ];
    const named = (q: TaskQuery): TaskQuery => ({
      ...q,
      ...(q.planCode ? { planCode: q.planCode === 'PLAN_A' ? planCodes[0] : planCodes[1] } : {}),
      ...(q.areaId === -1 ? { areaId: areaIds[1][1] } : {}),
    });

    it.each(answerable.map((q) => [JSON.stringify(q), q]))('%s: from the tallies, equal to counting the rows in the same snapshot', async (_name, q) => {
      const query = named(q);
      const params: unknown[] = [];
      const tally = tallyTotalSql(query, params);
      expect(tally).not.toBeNull();
      const where = taskWhere(query, params);
      const [row] = await t.ds.query(`SELECT ${tally} AS tallied, (SELECT count(*)::int FROM task t WHERE ${where}) AS counted`, params);
      expect(row.tallied).toBe(row.counted);
    });

    it.each(counted.map((q) => [JSON.stringify(q), q]))('%s: counted row by row', (_name, q) => {
      expect(tallyTotalSql(named(q), [])).toBeNull();
    });

    it('answers a selection of the total alone with one statement and no page, and the same total with a page', async () => {
      const q = `query($p: String!) { tasks(planCode: $p, first: 5, filter: { overdue: true }) { totalCount } }`;
      let res: any;
      expect(await t.countStatements(async () => (res = await t.gql(q, { p: planCodes[0] })))).toBe(1);
      const withPage = await t.gql(`query($p: String!) { tasks(planCode: $p, first: 5, filter: { overdue: true }) { totalCount pageInfo { hasNextPage } } }`, {
        p: planCodes[0],
      });
      expect(withPage.data.tasks.pageInfo.hasNextPage).toBe(true);
      expect(res.data.tasks.totalCount).toBe(withPage.data.tasks.totalCount);
      expect(res.data.tasks.totalCount).toBeGreaterThan(5);
    });

    it('gives the same totals through /graphql, for a list and for each area under a plan', async () => {
      const res = await t.gql(
        `query($p: String!) {
          all: tasks(planCode: $p, first: 1) { totalCount }
          late: tasks(planCode: $p, first: 1, filter: { overdue: true }) { totalCount }
          js: tasks(planCode: $p, first: 1, filter: { leadRegion: [JS] }) { totalCount }
          plan(code: $p) { catalogedTaskCount areas { code taskCount tasks(first: 1) { totalCount } late: tasks(first: 1, filter: { overdue: true }) { totalCount } } }
        }`,
        { p: planCodes[1] },
      );
      expect(res.errors).toBeUndefined();
      const count = async (q: TaskQuery) => {
        const params: unknown[] = [];
        const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM task t WHERE ${taskWhere(q, params)}`, params);
        return n as number;
      };
      const p = planCodes[1];
      expect(res.data.all.totalCount).toBe(await count({ planCode: p }));
      expect(res.data.late.totalCount).toBe(await count({ planCode: p, overdue: true }));
      expect(res.data.js.totalCount).toBe(await count({ planCode: p, leadRegion: ['JS'] }));
      expect(res.data.plan.catalogedTaskCount).toBe(res.data.all.totalCount);
      for (const area of res.data.plan.areas) {
        const n = await count({ planCode: p, areaCode: area.code });
        expect([area.code, area.taskCount, area.tasks.totalCount]).toEqual([area.code, n, n]);
        expect([area.code, area.late.totalCount]).toEqual([area.code, await count({ planCode: p, areaCode: area.code, overdue: true })]);
      }
    });
  });

  if (onServer) {
    describe('concurrent writers (server)', () => {
      const clients: Client[] = [];
      beforeEach(async () => {
        for (let i = 0; i < 2; i++) {
          const c = new Client({ connectionString: process.env.DATABASE_URL });
          await c.connect();
          await c.query(`SET lock_timeout = '5s'`);
          clients.push(c);
        }
      });
      afterEach(async () => {
        for (const c of clients.splice(0)) await c.end();
      });

      it('do not wait for each other to count changes to different tasks of one plan', async () => {
        const [a, b] = clients;
        const ids: { id: number }[] = await t.ds.query(
          `SELECT id FROM task WHERE plan_id = $1 AND parent_id IS NULL AND archived_at IS NULL AND status <> 'SUSPENDED' ORDER BY id LIMIT 2`,
          [planIds[0]],
        );
        await a.query('BEGIN');
        await b.query('BEGIN');
        await a.query(`UPDATE task SET status = 'SUSPENDED', progress = NULL WHERE id = $1`, [ids[0].id]);
        await b.query(`SET LOCAL lock_timeout = '1s'`);
        await b.query(`UPDATE task SET status = 'SUSPENDED', progress = NULL WHERE id = $1`, [ids[1].id]); // fails on a wait
        await b.query('COMMIT');
        await a.query('COMMIT');
        await expectExact();
      });

      it('take turns on one task: two transactions changing its lead regions both count', async () => {
        const [a, b] = clients;
        const [{ id }] = await t.ds.query(
          `SELECT t.id FROM task t WHERE t.plan_id = $1 AND t.parent_id IS NULL AND t.archived_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id) ORDER BY t.id LIMIT 1`,
          [planIds[1]],
        );
        await a.query('BEGIN');
        await b.query('BEGIN');
        await a.query(`INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, 'SH')`, [id]);
        const second = b.query(`INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, 'JS')`, [id]); // waits for a
        await new Promise((resolve) => setTimeout(resolve, 200));
        await a.query('COMMIT');
        await second;
        await b.query('COMMIT');
        const [{ regions }] = await t.ds.query(`SELECT regions FROM task_tally_basis WHERE task_id = $1`, [id]);
        expect(regions).toEqual(['JS', 'SH']);
        await expectExact();
      });
    });
  }
});
