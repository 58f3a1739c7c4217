import { ProgressCompactor } from '../src/progress/progress-compactor.service';
import { todayIn } from '../src/common/time-zone';
import { RECORD_UPDATE } from './support/admin-fixtures';
import { bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';

// Progress as a plan stood at the end of a past day, and trends over months and quarters. A small plan in Shanghai's
// time zone, its tasks catalogued at known instants and updated through recordTaskUpdate on known days, checked by
// hand; then a larger random one checked day by day against the same rule read straight from the history.

const COUNTS = 'taskCount notReported notStarted inProgress completed delayed suspended overdue completionRate averageProgress progressReportedCount';
const BY_AREA = `query($p: String!, $d: LocalDate) { progressByArea(planCode: $p, asOf: $d) { area { code } ${COUNTS} } }`;
const BY_REGION = `query($p: String!, $d: LocalDate) { progressByRegion(planCode: $p, asOf: $d) { region { code } ${COUNTS} } }`;
const TREND = `query($p: String!, $from: LocalDate!, $to: LocalDate!, $i: TrendInterval, $a: String) {
  progressTrend(planCode: $p, from: $from, to: $to, interval: $i, areaCode: $a) {
    asOf taskCount completed inProgress notStarted delayed suspended notReported overdue completionRate } }`;

const ZERO = {
  taskCount: 0,
  notReported: 0,
  notStarted: 0,
  inProgress: 0,
  completed: 0,
  delayed: 0,
  suspended: 0,
  overdue: 0,
  completionRate: null,
  averageProgress: null,
  progressReportedCount: 0,
};

/** The rule of the API's descriptions, read straight from tasks and their history (one probe per task): the reference. */
const REFERENCE_SQL = (dimension: 'area' | 'region') => `
  WITH p AS (SELECT id, time_zone AS z FROM plan WHERE code = $1),
  k AS (
    SELECT t.id, t.area_id, t.due_date,
      COALESCE(lu.status_to, f.status_from, t.status) AS st,
      CASE WHEN lu.version IS NOT NULL THEN lu.progress_to WHEN f.version IS NOT NULL THEN f.progress_from ELSE t.progress END AS pr
    FROM task t JOIN p ON p.id = t.plan_id
    LEFT JOIN LATERAL (SELECT u.version, u.status_to, u.progress_to FROM task_update u
      WHERE u.task_id = t.id AND u.origin <> 'ADMIN' AND u.occurred_on <= $2::date ORDER BY u.occurred_on DESC, u.version DESC LIMIT 1) lu ON true
    LEFT JOIN LATERAL (SELECT u.version, u.status_from, u.progress_from FROM task_update u
      WHERE u.task_id = t.id AND u.origin <> 'ADMIN' ORDER BY u.version LIMIT 1) f ON true
    WHERE t.parent_id IS NULL AND (t.created_at AT TIME ZONE p.z)::date <= $2::date
      AND (t.archived_at IS NULL OR (t.archived_at AT TIME ZONE p.z)::date > $2::date)
  ),
  g AS (${
    dimension === 'area'
      ? 'SELECT k.*, (SELECT code FROM area WHERE id = k.area_id) AS grp FROM k'
      : 'SELECT k.*, lr.region_code AS grp FROM k LEFT JOIN task_lead_region lr ON lr.task_id = k.id'
  })
  SELECT grp, count(*)::int AS "taskCount",
    count(*) FILTER (WHERE st = 'NOT_REPORTED')::int AS "notReported", count(*) FILTER (WHERE st = 'NOT_STARTED')::int AS "notStarted",
    count(*) FILTER (WHERE st = 'IN_PROGRESS')::int AS "inProgress", count(*) FILTER (WHERE st = 'COMPLETED')::int AS completed,
    count(*) FILTER (WHERE st = 'DELAYED')::int AS delayed, count(*) FILTER (WHERE st = 'SUSPENDED')::int AS suspended,
    count(*) FILTER (WHERE st <> 'COMPLETED' AND due_date < $2::date)::int AS overdue,
    (sum(pr)::float8 / NULLIF(count(pr), 0)) AS "averageProgress", count(pr)::int AS "progressReportedCount"
  FROM g GROUP BY grp`;

/** YYYY-MM-DD plus n days. */
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

describe('progress over time (through /graphql)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  /** A plan in Asia/Shanghai created at the start of 2024, with areas; returns its code and id and the areas' ids. */
  async function makePlan(areaCodes: string[]) {
    const code = `fx-time-${uniq()}`;
    const [{ id }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end, time_zone, created_at)
       VALUES ($1, 915, '历史进度测试', 2024, 2026, 'Asia/Shanghai', '2024-01-01 00:00+08') RETURNING id`,
      [code],
    );
    const areas: Record<string, number> = {};
    for (const [i, a] of areaCodes.entries()) {
      const [{ id: areaId }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        id,
        i + 1,
        a,
        `方面${a}`,
      ]);
      areas[a] = areaId;
    }
    return { code, id: id as number, areas };
  }

  /** A task catalogued at `createdAt` (an instant), as an import would store it: version 1, no history. */
  async function makeTask(
    planId: number,
    o: { area?: number | null; regions?: string[]; createdAt: string; due?: string | null; parent?: number; status?: string; progress?: number },
  ) {
    const [{ id }] = await t.ds.query(
      `INSERT INTO task (plan_id, area_id, parent_id, code, title, status, progress, due_date, created_at, updated_at, search_text)
       VALUES ($1, $2, $3, $4, '任务', $5, $6, $7, $8, $8, E'任务\\n') RETURNING id`,
      [planId, o.area ?? null, o.parent ?? null, `T-${uniq()}`, o.status ?? 'NOT_REPORTED', o.progress ?? null, o.due ?? null, o.createdAt],
    );
    for (const r of o.regions ?? []) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [id, r]);
    return id as number;
  }

  /** recordTaskUpdate through the API, on the task's current version. */
  async function report(taskId: number, input: { status?: string; progress?: number | null; occurredOn: string }) {
    const [{ version }] = await t.ds.query('SELECT version FROM task WHERE id = $1', [taskId]);
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: nodeId('Task', taskId), expectedVersion: version, ...input } });
    if (res.errors) throw new Error(`recordTaskUpdate failed: ${JSON.stringify(res.errors)}`);
  }

  const byArea = async (plan: string, day?: string) => {
    const res = await t.gql(BY_AREA, { p: plan, d: day });
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data.progressByArea.map((r: any) => [r.area?.code ?? 'none', { ...r, area: undefined }]));
  };
  const byRegion = async (plan: string, day?: string) => {
    const res = await t.gql(BY_REGION, { p: plan, d: day });
    expect(res.errors).toBeUndefined();
    return Object.fromEntries(res.data.progressByRegion.map((r: any) => [r.region?.code ?? 'none', { ...r, region: undefined }]));
  };

  describe('a small plan checked by hand', () => {
    let plan: { code: string; id: number; areas: Record<string, number> };
    const task: Record<string, number> = {};

    beforeAll(async () => {
      plan = await makePlan(['A1', 'A2']);
      const { id, areas } = plan;
      task.t1 = await makeTask(id, { area: areas.A1, regions: ['SH'], createdAt: '2024-01-05 10:00+08', due: '2024-06-30' });
      task.t2 = await makeTask(id, { area: areas.A1, regions: ['SH', 'JS'], createdAt: '2024-01-05 10:00+08', due: '2024-03-31' });
      // Catalogued at 23:30 in Shanghai (15:30 UTC): that day there. And 00:30 the next day there (16:30 UTC the same UTC day).
      task.t3 = await makeTask(id, { area: areas.A2, createdAt: '2024-03-10 23:30+08' });
      task.t4 = await makeTask(id, { area: areas.A2, regions: ['ZJ'], createdAt: '2024-03-10 16:30+00' });
      task.t5 = await makeTask(id, { regions: ['AH'], createdAt: '2024-01-02 09:00+08' });
      task.t6 = await makeTask(id, { area: areas.A1, regions: ['SH'], createdAt: '2024-01-05 10:00+08', parent: task.t1 });
      // Imported with a status: it counts with it from its first day, before any update.
      task.t7 = await makeTask(id, { area: areas.A2, regions: ['JS'], createdAt: '2024-02-01 09:00+08', status: 'IN_PROGRESS', progress: 40 });
      task.t8 = await makeTask(id, { area: areas.A1, regions: ['SH'], createdAt: '2024-01-05 10:00+08' });

      await report(task.t1, { status: 'IN_PROGRESS', progress: 30, occurredOn: '2024-02-01' });
      await report(task.t1, { status: 'COMPLETED', occurredOn: '2024-05-01' });
      // Two updates on one day: the later version wins. Then one backdated before them: it rules only until their day.
      await report(task.t2, { status: 'IN_PROGRESS', progress: 10, occurredOn: '2024-03-15' });
      await report(task.t2, { status: 'DELAYED', occurredOn: '2024-03-15' });
      await report(task.t2, { status: 'IN_PROGRESS', progress: 50, occurredOn: '2024-03-01' });
      await report(task.t4, { status: 'NOT_STARTED', occurredOn: '2024-03-11' });
      await report(task.t5, { status: 'IN_PROGRESS', progress: 20, occurredOn: '2024-02-10' });
      await report(task.t6, { status: 'COMPLETED', occurredOn: '2024-02-01' });
      await report(task.t7, { status: 'COMPLETED', occurredOn: '2024-06-01' });
      // An admin's catalogue edit is in the history but is not an update: t8 stays NOT_REPORTED.
      const [{ version }] = await t.ds.query('SELECT version FROM task WHERE id = $1', [task.t8]);
      const edit = await t.gql(`mutation($input: UpdateTaskInput!) { updateTask(input: $input) { version } }`, {
        input: { id: nodeId('Task', task.t8), expectedVersion: version, title: '改名的任务' },
      });
      expect(edit.errors).toBeUndefined();
      // Archived at 23:30 on 1 April in Shanghai: counted at the end of 31 March, not at the end of 1 April.
      await t.ds.query(`UPDATE task SET archived_at = '2024-04-01 23:30+08' WHERE id = $1`, [task.t5]);
    });

    it('counts only what was catalogued by the end of the day (nothing in the areas yet on 4 January)', async () => {
      expect(await byArea(plan.code, '2024-01-04')).toEqual({
        A1: ZERO,
        A2: ZERO,
        none: { ...ZERO, taskCount: 1, notReported: 1 },
      });
    });

    it("takes each task's latest update on or before the day, a backdated one included, and a task catalogued at 23:30 local that day", async () => {
      expect(await byArea(plan.code, '2024-03-10')).toEqual({
        // t1 IN_PROGRESS 30 (1 Feb); t2 IN_PROGRESS 50 (the update dated 1 March, recorded last); t8 never reported.
        A1: { ...ZERO, taskCount: 3, notReported: 1, inProgress: 2, completionRate: 0, averageProgress: 40, progressReportedCount: 2 },
        // t3 catalogued 23:30 that evening; t7 imported IN_PROGRESS 40; t4 catalogued 00:30 the next day, not yet.
        A2: { ...ZERO, taskCount: 2, notReported: 1, inProgress: 1, completionRate: 0, averageProgress: 40, progressReportedCount: 1 },
        none: { ...ZERO, taskCount: 1, inProgress: 1, completionRate: 0, averageProgress: 20, progressReportedCount: 1 },
      });
      expect((await byArea(plan.code, '2024-03-11')).A2).toEqual({
        ...ZERO,
        taskCount: 3,
        notReported: 1,
        notStarted: 1,
        inProgress: 1,
        completionRate: 0,
        averageProgress: 40,
        progressReportedCount: 1,
      });
    });

    it('breaks a tie on the same day by version', async () => {
      expect((await byArea(plan.code, '2024-03-15')).A1).toEqual({
        ...ZERO,
        taskCount: 3,
        notReported: 1,
        inProgress: 1,
        delayed: 1,
        completionRate: 0,
        averageProgress: 20,
        progressReportedCount: 2,
      });
    });

    it('stops counting a task archived during the day, and counts a task overdue from the day after its due date', async () => {
      const march31 = await byArea(plan.code, '2024-03-31');
      expect(march31.none).toMatchObject({ taskCount: 1, inProgress: 1 });
      expect(march31.A1.overdue).toBe(0);
      const april1 = await byArea(plan.code, '2024-04-01');
      expect(april1.none).toBeUndefined();
      expect(april1.A1).toMatchObject({ taskCount: 3, delayed: 1, overdue: 1 });
    });

    it('counts a completion as it happened, never as overdue', async () => {
      expect(await byArea(plan.code, '2024-07-01')).toEqual({
        A1: {
          ...ZERO,
          taskCount: 3,
          notReported: 1,
          completed: 1,
          delayed: 1,
          overdue: 1,
          completionRate: 1 / 3,
          averageProgress: 55,
          progressReportedCount: 2,
        },
        A2: { ...ZERO, taskCount: 3, notReported: 1, notStarted: 1, completed: 1, completionRate: 1 / 3, averageProgress: 100, progressReportedCount: 1 },
      });
    });

    it('groups by lead region the same way (a task led by two regions counts for both, none in a row of its own)', async () => {
      expect(await byRegion(plan.code, '2024-03-10')).toEqual({
        SH: { ...ZERO, taskCount: 3, notReported: 1, inProgress: 2, completionRate: 0, averageProgress: 40, progressReportedCount: 2 },
        JS: { ...ZERO, taskCount: 2, inProgress: 2, completionRate: 0, averageProgress: 45, progressReportedCount: 2 },
        ZJ: ZERO,
        AH: { ...ZERO, taskCount: 1, inProgress: 1, completionRate: 0, averageProgress: 20, progressReportedCount: 1 },
        none: { ...ZERO, taskCount: 1, notReported: 1 },
      });
    });

    it("dates a backdated update by its day, so today can differ from the task's latest recorded status", async () => {
      // t2's last recorded update (IN_PROGRESS, dated 1 March) is its current status; on 15 March it was reported DELAYED.
      const today = todayIn('Asia/Shanghai');
      const [asOf, now] = [await byArea(plan.code, today), await byArea(plan.code)];
      expect(asOf.A2).toEqual(now.A2);
      expect(now.A1).toMatchObject({ taskCount: 3, inProgress: 1, delayed: 0, completed: 1, overdue: 1 });
      expect(asOf.A1).toMatchObject({ taskCount: 3, inProgress: 0, delayed: 1, completed: 1, overdue: 1 });
    });

    it('gives monthly and quarterly trend points equal to the answers for those days, for the plan and for one area', async () => {
      const res = await t.gql(TREND, { p: plan.code, from: '2024-01-01', to: '2024-07-15' });
      expect(res.errors).toBeUndefined();
      const points = res.data.progressTrend;
      expect(points.map((x: any) => x.asOf)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30', '2024-07-15']);
      for (const point of points) {
        const rows = Object.values(await byArea(plan.code, point.asOf)) as any[];
        const sum = (k: string) => rows.reduce((s, r) => s + r[k], 0);
        expect(point).toMatchObject({
          taskCount: sum('taskCount'),
          completed: sum('completed'),
          inProgress: sum('inProgress'),
          notStarted: sum('notStarted'),
          delayed: sum('delayed'),
          notReported: sum('notReported'),
          overdue: sum('overdue'),
        });
      }
      expect(points[2]).toEqual({
        asOf: '2024-03-31',
        taskCount: 7,
        completed: 0,
        inProgress: 3,
        notStarted: 1,
        delayed: 1,
        suspended: 0,
        notReported: 2,
        overdue: 0,
        completionRate: 0,
      });

      const quarters = await t.gql(TREND, { p: plan.code, from: '2024-02-15', to: '2024-08-01', i: 'QUARTER', a: 'a1' });
      expect(quarters.errors).toBeUndefined();
      const a1 = quarters.data.progressTrend;
      expect(a1.map((x: any) => x.asOf)).toEqual(['2024-03-31', '2024-06-30', '2024-08-01']);
      for (const point of a1) {
        const { A1 } = await byArea(plan.code, point.asOf);
        expect(point).toMatchObject({
          taskCount: A1.taskCount,
          completed: A1.completed,
          delayed: A1.delayed,
          overdue: A1.overdue,
          completionRate: A1.completionRate,
        });
      }
    });

    it('answers each question in one statement', async () => {
      // A document not sent before (a comment makes it new): the answer cache holds no reply for it.
      const unasked = (query: string) => `${query}\n# ${Math.random()}`;
      expect(await t.countStatements(() => t.gql(unasked(BY_AREA), { p: plan.code, d: '2024-03-10' }))).toBe(1);
      expect(await t.countStatements(() => t.gql(unasked(BY_REGION), { p: plan.code, d: '2024-03-10' }))).toBe(1);
      expect(await t.countStatements(() => t.gql(unasked(TREND), { p: plan.code, from: '2024-01-01', to: '2024-12-31' }))).toBe(1);
      // Asked again, nothing changed: the kept reply, no statement.
      const again = unasked(BY_AREA);
      await t.gql(again, { p: plan.code, d: '2024-03-10' });
      expect(await t.countStatements(() => t.gql(again, { p: plan.code, d: '2024-03-10' }))).toBe(0);
    });

    it('refuses a day after today or before the plan was created, and an unknown plan or area', async () => {
      const tomorrow = addDays(todayIn('Asia/Shanghai'), 1);
      const future = await t.gql(BY_AREA, { p: plan.code, d: tomorrow });
      expectError(future, 'BAD_USER_INPUT');
      expect(future.errors![0]).toMatchObject({ message: expect.stringContaining('in the future'), extensions: { field: 'asOf' } });
      const early = await t.gql(BY_REGION, { p: plan.code, d: '2023-12-31' });
      expectError(early, 'BAD_USER_INPUT');
      expect(early.errors![0].message).toContain('before the plan was created in this tracker (2024-01-01)');
      expectError(await t.gql(BY_AREA, { p: 'no-such-plan', d: '2024-03-01' }), 'NOT_FOUND');
      expectError(await t.gql(BY_AREA, { p: plan.code, d: '2024-02-30' }), 'BAD_USER_INPUT');
      expectError(await t.gql(TREND, { p: plan.code, from: '2024-01-01', to: tomorrow }), 'BAD_USER_INPUT');
      expectError(await t.gql(TREND, { p: plan.code, from: '2023-06-01', to: '2024-01-31' }), 'BAD_USER_INPUT');
      expectError(await t.gql(TREND, { p: 'no-such-plan', from: '2024-01-01', to: '2024-01-31' }), 'NOT_FOUND');
      expectError(await t.gql(TREND, { p: plan.code, from: '2024-01-01', to: '2024-01-31', a: 'A9' }), 'NOT_FOUND');
      expectError(await t.gql(TREND, { p: plan.code, from: '2024-01-01', to: '2024-01-31', a: 'not a code!' }), 'BAD_USER_INPUT');
    });

    it('refuses a trend whose from is after its to, or with more than 120 points', async () => {
      const backwards = await t.gql(TREND, { p: plan.code, from: '2024-05-01', to: '2024-04-30' });
      expectError(backwards, 'BAD_USER_INPUT');
      expect(backwards.errors![0].extensions.field).toBe('from');
      const tooMany = await t.gql(TREND, { p: 'yrd-2024-2026', from: '1990-01-01', to: '2000-12-31' });
      expectError(tooMany, 'BAD_USER_INPUT');
      expect(tooMany.errors![0].message).toContain('132 months; at most 120 points');
    });
  });

  describe('a random plan, checked day by day against its history', () => {
    let plan: { code: string; id: number; areas: Record<string, number> };
    const days: string[] = [];

    beforeAll(async () => {
      // mulberry32: the same tasks and updates on every run.
      let seed = 20240915;
      const rnd = () => {
        seed = (seed + 0x6d2b79f5) >>> 0;
        let x = seed;
        x = Math.imul(x ^ (x >>> 15), x | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
      const day = (from: string, span: number) => addDays(from, Math.floor(rnd() * span));
      plan = await makePlan(['A1', 'A2', 'A3']);
      const ids: number[] = [];
      for (let i = 0; i < 24; i++) {
        const created = day('2024-01-01', 120);
        const id = await makeTask(plan.id, {
          area: i % 7 === 0 ? null : plan.areas[pick(['A1', 'A2', 'A3'])],
          regions: pick([[], ['SH'], ['JS', 'ZJ'], ['AH'], ['SH', 'JS', 'ZJ', 'AH']]),
          // Around midnight in Shanghai, so the catalogue day turns on the time zone.
          createdAt: `${created} ${pick(['23:30', '00:30', '15:59', '16:01'])}+${pick(['08', '00'])}`,
          due: rnd() < 0.8 ? day('2024-02-01', 240) : null,
          status: rnd() < 0.2 ? 'IN_PROGRESS' : 'NOT_REPORTED',
        });
        ids.push(id);
      }
      await t.ds.query('UPDATE task SET progress = 15 WHERE id = ANY($1) AND status = $2', [ids, 'IN_PROGRESS']);
      for (const id of ids) {
        for (let u = 0, n = Math.floor(rnd() * 5); u < n; u++) {
          const status = pick(['NOT_STARTED', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'SUSPENDED']);
          const progress = status === 'COMPLETED' ? 100 : status === 'NOT_STARTED' ? 0 : 5 + Math.floor(rnd() * 90);
          // Dates in any order (backdated reports), some before the task was catalogued, some on the same day.
          await report(id, { status, progress, occurredOn: day('2024-01-01', 200) });
        }
      }
      const archived = ids.filter((_, i) => i % 5 === 1);
      await t.ds.query(`UPDATE task SET archived_at = '2024-05-20 23:45+08' WHERE id = ANY($1)`, [archived]);
      for (let d = '2024-01-01'; d <= '2024-09-30'; d = addDays(d, 3)) days.push(d);
    });

    async function expectSameAsHistory(day: string) {
      for (const dimension of ['area', 'region'] as const) {
        const rows: Record<string, unknown>[] = await t.ds.query(REFERENCE_SQL(dimension), [plan.code, day]);
        // Rounded as the API rounds it.
        const want = Object.fromEntries(
          rows.map(({ grp, averageProgress: avg, ...r }) => [
            (grp as string | null) ?? 'none',
            { ...r, averageProgress: avg === null ? null : Math.round((avg as number) * 100) / 100 },
          ]),
        );
        const got = dimension === 'area' ? await byArea(plan.code, day) : await byRegion(plan.code, day);
        for (const key of Object.keys(got)) {
          const { completionRate: _rate, ...counts } = got[key];
          expect({ day, dimension, key, ...counts }).toEqual({
            day,
            dimension,
            key,
            ...(want[key] ?? { ...ZERO, completionRate: undefined }),
            completionRate: undefined,
          });
        }
        expect(Object.keys(want).filter((k) => !(k in got))).toEqual([]);
      }
    }

    it('agrees with the latest update on or before each day, read straight from the history', async () => {
      for (const day of days) await expectSameAsHistory(day);
    });

    it('still agrees after the day deltas are folded, with fewer rows', async () => {
      const count = async () => (await t.ds.query('SELECT count(*)::int AS n FROM progress_day_delta WHERE plan_id = $1', [plan.id]))[0].n;
      const before = await count();
      await t.app.get(ProgressCompactor).compact();
      expect(await count()).toBeLessThan(before);
      for (const day of days.filter((_, i) => i % 4 === 0)) await expectSameAsHistory(day);
    });

    it('holds the same day and month deltas as recomputing every timeline from scratch', async () => {
      // Incremental steps (progress_step) and recomputations (progress_sync) must add up to what one pass over the
      // whole history gives: compare the net sums per group, day and grain, then rebuild them that way.
      const net = async () =>
        t.ds.query(
          `SELECT by_region, monthly, area_id, region_code, day::text, sum(tasks)::int AS tasks, sum(not_reported)::int AS nr,
           sum(in_progress)::int AS ip, sum(completed)::int AS c, sum(overdue)::int AS od, sum(progress_sum)::int AS ps,
           sum(last_reported)::int AS lr, sum(never_reported)::int AS nv
         FROM progress_day_delta WHERE plan_id = $1 GROUP BY 1, 2, 3, 4, 5
         HAVING (sum(tasks), sum(not_reported), sum(in_progress), sum(completed), sum(overdue), sum(progress_sum), sum(last_reported), sum(never_reported))
           <> (0, 0, 0, 0, 0, 0, 0, 0)
         ORDER BY 1, 2, 3, 4, 5`,
          [plan.id],
        );
      const before = await net();
      expect(before.length).toBeGreaterThan(50);
      await t.ds.transaction(async (m) => {
        await m.query('DELETE FROM progress_day_delta WHERE plan_id = $1', [plan.id]);
        await m.query('DELETE FROM progress_task_basis WHERE plan_id = $1', [plan.id]);
        await m.query('SELECT progress_sync(ARRAY(SELECT id FROM task WHERE plan_id = $1))', [plan.id]);
      });
      expect(await net()).toEqual(before);
    });

    it("follows a later change to a task's area, due date and lead regions over its whole history", async () => {
      const [{ id }] = await t.ds.query('SELECT id FROM task WHERE plan_id = $1 AND archived_at IS NULL AND parent_id IS NULL ORDER BY id LIMIT 1', [plan.id]);
      const [{ version }] = await t.ds.query('SELECT version FROM task WHERE id = $1', [id]);
      const edit = await t.gql(`mutation($input: UpdateTaskInput!) { updateTask(input: $input) { version } }`, {
        input: { id: nodeId('Task', id), expectedVersion: version, areaCode: 'A3', dueDate: '2024-03-03', leadRegions: ['ZJ'] },
      });
      expect(edit.errors).toBeUndefined();
      for (const day of ['2024-03-03', '2024-03-04', '2024-06-30']) await expectSameAsHistory(day);
    });

    it("leaves the counts as they were when a change rolls back (an import's dry run)", async () => {
      const today = todayIn('Asia/Shanghai');
      const [before, beforeToday] = [await byArea(plan.code), await byArea(plan.code, today)];
      const res = await t.gql(`mutation($input: ImportTasksInput!) { importTasks(input: $input) { created errors { message } } }`, {
        input: {
          planCode: plan.code,
          format: 'CSV',
          dryRun: true,
          content: 'code,areaCode,title,status,progress\nNEW-1,A1,新任务,IN_PROGRESS,40\nNEW-2,A2,新任务,COMPLETED,100\n',
        },
      });
      expect(res.data.importTasks).toEqual({ created: 2, errors: [] });
      expect(await byArea(plan.code)).toEqual(before);
      expect(await byArea(plan.code, today)).toEqual(beforeToday);
    });
  });
});
