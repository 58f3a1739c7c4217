import { todayUtc } from '../src/common/local-date';
import { yrdDataSet } from '../src/seed/yrd-data-set';
import { bootTestApp, expectError, TestApp, uniq } from './support/test-app';
import { taskSearchText } from '../src/tasks/search-folding';

// A fixture plan small enough to check by hand: key tasks in three areas (one of them all unreported), an empty
// area, tasks with no area, plus a sub-task and an archived task that no aggregate may count.

type Status = 'NOT_REPORTED' | 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'DELAYED' | 'SUSPENDED';
interface Row {
  code: string;
  area: string | null;
  status: Status;
  progress: number | null;
  due: string | null;
  regions: string[];
  parent?: string;
  archived?: boolean;
}

const ROWS: Row[] = [
  { code: 'P01', area: 'A1', status: 'COMPLETED', progress: 100, due: '2020-01-01', regions: ['SH'] },
  { code: 'P02', area: 'A1', status: 'IN_PROGRESS', progress: 40, due: '2020-01-01', regions: ['SH', 'JS'] },
  { code: 'P03', area: 'A1', status: 'IN_PROGRESS', progress: null, due: '2099-01-01', regions: ['JS'] },
  { code: 'P04', area: 'A1', status: 'DELAYED', progress: 10, due: '2021-06-30', regions: [] },
  { code: 'P05', area: 'A1', status: 'NOT_REPORTED', progress: null, due: null, regions: ['ZJ'] },
  { code: 'P06', area: 'A2', status: 'COMPLETED', progress: 100, due: '2099-01-01', regions: ['AH'] },
  { code: 'P07', area: 'A2', status: 'NOT_STARTED', progress: 0, due: '2020-01-01', regions: ['AH', 'ZJ'] },
  { code: 'P08', area: 'A2', status: 'SUSPENDED', progress: 25, due: null, regions: [] },
  { code: 'P09', area: 'A2', status: 'COMPLETED', progress: 100, due: null, regions: ['SH'] },
  { code: 'P10', area: 'A4', status: 'NOT_REPORTED', progress: null, due: '2020-01-01', regions: [] },
  { code: 'P11', area: 'A4', status: 'NOT_REPORTED', progress: null, due: null, regions: ['JS'] },
  { code: 'P12', area: null, status: 'COMPLETED', progress: 100, due: '2020-01-01', regions: ['ZJ'] },
  { code: 'P13', area: null, status: 'IN_PROGRESS', progress: 55, due: '2020-05-05', regions: [] },
  { code: 'S01', area: 'A1', status: 'COMPLETED', progress: 100, due: '2020-01-01', regions: ['SH'], parent: 'P02' },
  { code: 'X01', area: 'A2', status: 'DELAYED', progress: 5, due: '2020-01-01', regions: ['AH'], archived: true },
];
const KEY_ROWS = ROWS.filter((r) => !r.parent && !r.archived);
const AREAS: [string, number | null][] = [
  ['A1', 10],
  ['A2', null],
  ['A3', 3],
  ['A4', null],
];

/** What a progress row should say for these key tasks, by the rules of the API's field descriptions. */
function expectedCounts(rows: Row[]) {
  const n = (s: Status) => rows.filter((r) => r.status === s).length;
  const progress = rows.flatMap((r) => (r.progress === null ? [] : [r.progress]));
  const reported = rows.length - n('NOT_REPORTED');
  return {
    taskCount: rows.length,
    notReported: n('NOT_REPORTED'),
    notStarted: n('NOT_STARTED'),
    inProgress: n('IN_PROGRESS'),
    completed: n('COMPLETED'),
    delayed: n('DELAYED'),
    suspended: n('SUSPENDED'),
    overdue: rows.filter((r) => r.due !== null && r.due < todayUtc() && r.status !== 'COMPLETED').length,
    completionRate: rows.length === 0 || reported === 0 ? null : n('COMPLETED') / rows.length,
    averageProgress: progress.length === 0 ? null : Math.round((progress.reduce((a, b) => a + b, 0) / progress.length) * 100) / 100,
    progressReportedCount: progress.length,
  };
}

const COUNTS = `taskCount notReported notStarted inProgress completed delayed suspended overdue completionRate averageProgress progressReportedCount`;
const BY_AREA = `query($p: String!) { progressByArea(planCode: $p) { area { code name ordinal plan { code } } declaredTaskCount ${COUNTS} } }`;
const BY_REGION = `query($p: String!) { progressByRegion(planCode: $p) { region { code name nameEn abbreviation } ${COUNTS} } }`;
const ROUNDS = `{ roundComparison { plan { code round } declaredTaskCount catalogedTaskCount reportedTaskCount
  reportedCompletion { value qualifier source { title } } computedCompletionRate } }`;

describe('progress aggregates (through /graphql)', () => {
  let t: TestApp;
  let planCode: string;
  let emptyPlan: string;

  beforeAll(async () => {
    t = await bootTestApp();
    planCode = `fx-progress-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end, declared_task_count) VALUES ($1, 903, '进度测试', 2024, 2026, 20) RETURNING id`,
      [planCode],
    );
    const areaIds: Record<string, number> = {};
    for (const [i, [code, declared]] of AREAS.entries()) {
      const [{ id }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name, declared_task_count) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        planId,
        i + 1,
        code,
        `方面${code}`,
        declared,
      ]);
      areaIds[code] = id;
    }
    const taskIds: Record<string, number> = {};
    for (const r of ROWS) {
      const [{ id }] = await t.ds.query(
        `INSERT INTO task (plan_id, area_id, parent_id, code, title, status, progress, due_date, archived_at, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          planId,
          r.area ? areaIds[r.area] : null,
          r.parent ? taskIds[r.parent] : null,
          r.code,
          `任务${r.code}`,
          r.status,
          r.progress,
          r.due,
          r.archived ? new Date() : null,
          taskSearchText(`任务${r.code}`, null),
        ],
      );
      taskIds[r.code] = id;
      for (const region of r.regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [id, region]);
    }
    // Two evaluations: the later one is the one reported.
    const [{ id: sourceId }] = await t.ds.query(`INSERT INTO source (key, title) VALUES ($1, '中期评估') RETURNING id`, [`fx-${uniq()}`]);
    await t.ds.query(
      `INSERT INTO evaluation (plan_id, evaluated_on, completion_value, completion_qualifier, source_id)
       VALUES ($1, '2025-06-30', 0.8, 'AT_LEAST', $2), ($1, '2025-01-31', 0.5, 'EXACT', NULL)`,
      [planId, sourceId],
    );

    emptyPlan = `fx-progress-empty-${uniq()}`;
    const [{ id: emptyId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 904, '空计划', 2024, 2026) RETURNING id`,
      [emptyPlan],
    );
    await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, 1, 'A1', '空方面')`, [emptyId]);
  });
  afterAll(async () => t.close());

  describe('progressByArea', () => {
    it('gives one row per area in order, then one for tasks with no area, with the counts of its key tasks', async () => {
      const res = await t.gql(BY_AREA, { p: planCode });
      expect(res.errors).toBeUndefined();
      const rows = res.data.progressByArea;
      expect(rows.map((r: any) => r.area?.code ?? null)).toEqual(['A1', 'A2', 'A3', 'A4', null]);
      for (const row of rows) {
        const code = row.area?.code ?? null;
        expect({ ...row, area: undefined }).toEqual({
          area: undefined,
          declaredTaskCount: code === null ? null : AREAS.find(([c]) => c === code)![1],
          ...expectedCounts(KEY_ROWS.filter((r) => r.area === code)),
        });
        if (row.area) expect(row.area).toMatchObject({ name: `方面${code}`, plan: { code: planCode } });
      }
    });

    it('counts area 1 as worked out by hand', async () => {
      const res = await t.gql(BY_AREA, { p: planCode });
      expect(res.data.progressByArea[0]).toMatchObject({
        taskCount: 5,
        notReported: 1,
        inProgress: 2,
        completed: 1,
        delayed: 1,
        overdue: 2,
        completionRate: 0.2,
        averageProgress: 50,
        progressReportedCount: 3,
      });
    });

    it('leaves the rate and the average null for an empty area and for an area with nothing reported', async () => {
      const res = await t.gql(BY_AREA, { p: planCode });
      const [, , empty, unreported] = res.data.progressByArea;
      expect(empty).toMatchObject({ taskCount: 0, overdue: 0, completionRate: null, averageProgress: null, progressReportedCount: 0 });
      expect(unreported).toMatchObject({ taskCount: 2, notReported: 2, overdue: 1, completionRate: null, averageProgress: null });
      const emptyRes = await t.gql(BY_AREA, { p: emptyPlan });
      expect(emptyRes.data.progressByArea).toEqual([
        expect.objectContaining({ area: expect.objectContaining({ code: 'A1' }), taskCount: 0, completionRate: null }),
      ]);
    });

    it.each([
      ['the fixture plan', () => ''],
      ['the seeded round 3', () => 'yrd-2024-2026'],
      ['round 1', () => 'yrd-2018-2020'],
    ])("sums to the plan's catalogued count for %s", async (_name, code) => {
      const p = code() || planCode;
      const res = await t.gql(
        `query($p: String!) { plan(code: $p) { catalogedTaskCount }
          progressByArea(planCode: $p) { taskCount completed notReported completionRate } }`,
        { p },
      );
      expect(res.errors).toBeUndefined();
      const sum = res.data.progressByArea.reduce((a: number, r: any) => a + r.taskCount, 0);
      expect(sum).toBe(res.data.plan.catalogedTaskCount);
      expect(sum).toBeGreaterThan(0);
      // A seeded plan has a rate only in rows where a source states some task's status.
      if (p !== planCode) {
        for (const r of res.data.progressByArea) expect(r.completionRate).toBe(r.notReported === r.taskCount ? null : r.completed / r.taskCount);
      }
    });

    it("puts round 3's unplaced tasks in a last row with no area", async () => {
      const res = await t.gql(BY_AREA, { p: 'yrd-2024-2026' });
      const rows = res.data.progressByArea;
      expect(rows).toHaveLength(10);
      expect(rows.slice(0, 9).map((r: any) => r.area.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rows[9]).toMatchObject({ area: null, declaredTaskCount: null });
      expect(rows[9].taskCount).toBeGreaterThan(0);
      expect(rows.slice(0, 4).map((r: any) => r.declaredTaskCount)).toEqual([20, 20, 25, 23]);
      const tasks = await t.gql('{ tasks(planCode: "yrd-2024-2026", first: 0, filter: { status: [NOT_REPORTED] }) { totalCount } }');
      expect(rows.reduce((a: number, r: any) => a + r.notReported, 0)).toBe(tasks.data.tasks.totalCount);
      // Reported only where a source states a status (the seed's task updates), nowhere else.
      const stated = new Set(yrdDataSet.taskUpdates.filter((u) => u.planCode === 'yrd-2024-2026').map((u) => u.taskCode));
      expect(rows.reduce((a: number, r: any) => a + r.taskCount - r.notReported, 0)).toBe(stated.size);
    });

    it('answers NOT_FOUND for a plan that does not exist', async () => {
      expectError(await t.gql(BY_AREA, { p: `no-such-plan-${uniq()}` }), 'NOT_FOUND');
    });
  });

  describe('progressByRegion', () => {
    it('gives one row per region in order, then one for tasks with no lead region', async () => {
      const res = await t.gql(BY_REGION, { p: planCode });
      expect(res.errors).toBeUndefined();
      const rows = res.data.progressByRegion;
      expect(rows.map((r: any) => r.region?.code ?? null)).toEqual(['SH', 'JS', 'ZJ', 'AH', null]);
      expect(rows[0].region).toEqual({ code: 'SH', name: '上海市', nameEn: 'Shanghai', abbreviation: '沪' });
      for (const row of rows) {
        const code = row.region?.code ?? null;
        const mine = KEY_ROWS.filter((r) => (code === null ? r.regions.length === 0 : r.regions.includes(code)));
        expect({ ...row, region: undefined }).toEqual({ region: undefined, ...expectedCounts(mine) });
      }
      // A task led by two regions counts for both.
      const sum = rows.reduce((a: number, r: any) => a + r.taskCount, 0);
      expect(sum).toBe(KEY_ROWS.reduce((a, r) => a + Math.max(1, r.regions.length), 0));
      expect(sum).toBeGreaterThan(KEY_ROWS.length);
    });

    it('gives empty region rows for a plan with no tasks, and NOT_FOUND for an unknown plan', async () => {
      const res = await t.gql(BY_REGION, { p: emptyPlan });
      expect(res.data.progressByRegion.map((r: any) => [r.region.code, r.taskCount, r.completionRate])).toEqual([
        ['SH', 0, null],
        ['JS', 0, null],
        ['ZJ', 0, null],
        ['AH', 0, null],
      ]);
      expectError(await t.gql(BY_REGION, { p: `no-such-plan-${uniq()}` }), 'NOT_FOUND');
    });
  });

  describe('roundComparison', () => {
    it('reports "over 90%" for rounds 1 and 2 as a sourced bound, beside a rate computed only from statuses sources state', async () => {
      const res = await t.gql(ROUNDS);
      expect(res.errors).toBeUndefined();
      const byCode = Object.fromEntries(res.data.roundComparison.map((r: any) => [r.plan.code, r]));
      // Reported tasks are the ones a source gives a status for (the seed's task updates); the computed rate counts
      // the ones whose latest stated status is COMPLETED, beside the reported bound, never mixed with it.
      const computed = (code: string) => {
        const latest = new Map<string, string>();
        for (const u of [...yrdDataSet.taskUpdates].filter((x) => x.planCode === code).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))) {
          latest.set(u.taskCode, u.status);
        }
        const catalogued = yrdDataSet.tasks.filter((x) => x.planCode === code).length;
        const completed = [...latest.values()].filter((x) => x === 'COMPLETED').length;
        return { reportedTaskCount: latest.size, computedCompletionRate: latest.size === 0 ? null : completed / catalogued };
      };
      for (const [code, declared] of [
        ['yrd-2018-2020', 320],
        ['yrd-2021-2023', 217],
      ] as const) {
        expect(byCode[code]).toMatchObject({
          declaredTaskCount: declared,
          reportedCompletion: { value: 0.9, qualifier: 'OVER', source: { title: expect.any(String) } },
          ...computed(code),
        });
      }
      expect(byCode['yrd-2024-2026']).toMatchObject({ declaredTaskCount: 165, reportedCompletion: null, ...computed('yrd-2024-2026') });
      const seeded = res.data.roundComparison.filter((r: any) => r.plan.code.startsWith('yrd-')).map((r: any) => r.plan.round);
      expect(seeded).toEqual([1, 2, 3]);
    });

    it('computes completed / catalogued for a plan with reported statuses, and takes the latest evaluation', async () => {
      const res = await t.gql(ROUNDS);
      const mine = res.data.roundComparison.find((r: any) => r.plan.code === planCode);
      const completed = KEY_ROWS.filter((r) => r.status === 'COMPLETED').length;
      expect(mine).toEqual({
        plan: { code: planCode, round: 903 },
        declaredTaskCount: 20,
        catalogedTaskCount: KEY_ROWS.length,
        reportedTaskCount: KEY_ROWS.filter((r) => r.status !== 'NOT_REPORTED').length,
        reportedCompletion: { value: 0.8, qualifier: 'AT_LEAST', source: { title: '中期评估' } },
        computedCompletionRate: completed / KEY_ROWS.length,
      });
      expect(mine.computedCompletionRate).toBeCloseTo(4 / 13, 10);
      const empty = res.data.roundComparison.find((r: any) => r.plan.code === emptyPlan);
      expect(empty).toMatchObject({ catalogedTaskCount: 0, computedCompletionRate: null, reportedCompletion: null });
    });

    it('agrees with plan.catalogedTaskCount for every plan', async () => {
      const res = await t.gql(`{ plans { code catalogedTaskCount declaredTaskCount } ${ROUNDS.slice(1, -1)} }`);
      const byCode = Object.fromEntries(res.data.plans.map((p: any) => [p.code, p]));
      expect(res.data.roundComparison.length).toBe(res.data.plans.length);
      for (const r of res.data.roundComparison) {
        expect(r.catalogedTaskCount).toBe(byCode[r.plan.code].catalogedTaskCount);
        expect(r.declaredTaskCount).toBe(byCode[r.plan.code].declaredTaskCount);
      }
    });
  });
});
