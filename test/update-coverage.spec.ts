import { todayIn } from '../src/common/time-zone';
import { ARCHIVE_TASK, RECORD_UPDATE, UPDATE_TASK } from './support/admin-fixtures';
import { bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';

// "Who is behind": per area or lead region, how many of a plan's live top-level tasks had an update in the last N days,
// how many are stale and since when, how many were never reported, and how many are overdue.

const COVERAGE = `query($p: String!, $g: CoverageGroupBy, $n: Int) {
  updateCoverage(planCode: $p, groupBy: $g, staleAfterDays: $n) {
    area { code } region { code } taskCount windowStart updatedWithin stale neverReported staleSince overdue } }`;
const BY_AREA = `query($p: String!, $d: LocalDate) { progressByArea(planCode: $p, asOf: $d) {
  area { code } taskCount notReported notStarted inProgress completed delayed suspended overdue completionRate averageProgress progressReportedCount } }`;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

describe('updateCoverage (through /graphql)', () => {
  let t: TestApp;
  let planCode: string;
  let today: string;
  const task: Record<string, number> = {};

  /** An update with a note (one that changes nothing and says nothing is not recorded). */
  async function report(id: number, occurredOn: string, status = 'IN_PROGRESS') {
    const [{ version }] = await t.ds.query('SELECT version FROM task WHERE id = $1', [id]);
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: nodeId('Task', id), expectedVersion: version, status, occurredOn, note: `进展 ${occurredOn}` } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }

  beforeAll(async () => {
    t = await bootTestApp();
    today = todayIn('Asia/Shanghai');
    planCode = `fx-coverage-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end, time_zone) VALUES ($1, 916, '更新覆盖测试', 2024, 2026, 'Asia/Shanghai') RETURNING id`,
      [planCode],
    );
    const areas: Record<string, number> = {};
    for (const [i, a] of ['A1', 'A2'].entries()) {
      [{ id: areas[a] }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        planId,
        i + 1,
        a,
        `方面${a}`,
      ]);
    }
    const make = async (name: string, area: string | null, regions: string[], o: { due?: string; parent?: string } = {}) => {
      [{ id: task[name] }] = await t.ds.query(
        `INSERT INTO task (plan_id, area_id, parent_id, code, title, due_date, search_text) VALUES ($1, $2, $3, $4, '任务', $5, E'任务\\n') RETURNING id`,
        [planId, area ? areas[area] : null, o.parent ? task[o.parent] : null, `${name}-${uniq()}`, o.due ?? null],
      );
      for (const r of regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [task[name], r]);
    };
    await make('c1', 'A1', ['SH']);
    await make('c2', 'A1', ['SH', 'JS']);
    await make('c3', 'A1', ['JS']);
    await make('c4', 'A1', ['SH'], { due: '2020-01-01' });
    await make('c5', 'A1', ['SH'], { parent: 'c1' });
    await make('c6', 'A2', ['ZJ'], { due: '2020-01-01' });
    await make('c7', 'A2', ['AH']);
    await make('c8', 'A2', []);
    await make('c9', null, []);
    await make('c10', null, []);

    await report(task.c1, today);
    await report(task.c2, addDays(today, -40));
    await report(task.c3, addDays(today, -100));
    await report(task.c3, addDays(today, -10));
    await report(task.c5, today);
    await report(task.c6, addDays(today, -100));
    await report(task.c7, today);
    // The first and the last day of a 30-day window: 29 days ago is in it, 30 days ago is not.
    await report(task.c9, addDays(today, -29));
    await report(task.c10, addDays(today, -30));
    const archived = await t.gql(ARCHIVE_TASK, { input: { id: nodeId('Task', task.c7), expectedVersion: 2 } });
    expect(archived.errors).toBeUndefined();
    const edited = await t.gql(UPDATE_TASK, { input: { id: nodeId('Task', task.c8), expectedVersion: 1, title: '只改了标题' } });
    expect(edited.errors).toBeUndefined();
  });
  afterAll(async () => t.close());

  const coverage = async (groupBy: string, staleAfterDays?: number, token?: string) => {
    const res = await t.gql(COVERAGE, { p: planCode, g: groupBy, n: staleAfterDays }, token);
    expect(res.errors).toBeUndefined();
    return res.data.updateCoverage.map((r: any) => ({ ...r, area: r.area?.code ?? null, region: r.region?.code ?? null }));
  };

  it('counts per area the tasks updated within the window, stale since when, never reported and overdue, least covered first', async () => {
    const windowStart = addDays(today, -29);
    expect(await coverage('AREA', 30)).toEqual([
      { area: 'A2', region: null, taskCount: 2, windowStart, updatedWithin: 0, stale: 1, neverReported: 1, staleSince: addDays(today, -100), overdue: 1 },
      { area: 'A1', region: null, taskCount: 4, windowStart, updatedWithin: 2, stale: 1, neverReported: 1, staleSince: addDays(today, -40), overdue: 1 },
      { area: null, region: null, taskCount: 2, windowStart, updatedWithin: 1, stale: 1, neverReported: 0, staleSince: addDays(today, -30), overdue: 0 },
    ]);
  });

  it('counts per lead region, a task led by two regions in both, and a region without tasks last', async () => {
    const windowStart = addDays(today, -29);
    const row = (region: string | null, o: object) => ({ area: null, region, windowStart, ...o });
    expect(await coverage('REGION', 30)).toEqual([
      row('ZJ', { taskCount: 1, updatedWithin: 0, stale: 1, neverReported: 0, staleSince: addDays(today, -100), overdue: 1 }),
      row('SH', { taskCount: 3, updatedWithin: 1, stale: 1, neverReported: 1, staleSince: addDays(today, -40), overdue: 1 }),
      row(null, { taskCount: 3, updatedWithin: 1, stale: 1, neverReported: 1, staleSince: addDays(today, -30), overdue: 0 }),
      row('JS', { taskCount: 2, updatedWithin: 1, stale: 1, neverReported: 0, staleSince: addDays(today, -40), overdue: 0 }),
      row('AH', { taskCount: 0, updatedWithin: 0, stale: 0, neverReported: 0, staleSince: null, overdue: 0 }),
    ]);
  });

  it('moves the window with staleAfterDays, 30 by default, and a new update moves a task into it at once', async () => {
    expect(await coverage('AREA')).toEqual(await coverage('AREA', 30));
    const oneDay = await coverage('AREA', 1);
    expect(oneDay.map((r: any) => [r.area, r.updatedWithin, r.stale, r.staleSince])).toEqual([
      ['A2', 0, 1, addDays(today, -100)],
      [null, 0, 2, addDays(today, -30)],
      ['A1', 1, 2, addDays(today, -40)],
    ]);
    await report(task.c6, today, 'DELAYED');
    const a2 = (await coverage('AREA', 30)).find((r: any) => r.area === 'A2');
    expect(a2).toMatchObject({ taskCount: 2, updatedWithin: 1, stale: 0, staleSince: null, overdue: 1 });
  });

  it('is open to dashboards, answers in one statement, and agrees with progressByArea on the task and overdue counts', async () => {
    const dashboard = await t.keyFor('DASHBOARD');
    expect(await coverage('AREA', 30, dashboard)).toEqual(await coverage('AREA', 30));
    expect(await t.countStatements(() => t.gql(COVERAGE, { p: planCode, g: 'REGION', n: 7 }))).toBe(1);
    const progress = (await t.gql(BY_AREA, { p: planCode })).data.progressByArea;
    for (const row of await coverage('AREA', 30)) {
      const p = progress.find((x: any) => (x.area?.code ?? null) === row.area);
      expect([row.taskCount, row.overdue]).toEqual([p.taskCount, p.overdue]);
    }
  });

  it('answers progressByArea for today exactly as without asOf when no update is backdated', async () => {
    const [now, asOf] = await Promise.all([t.gql(BY_AREA, { p: planCode }), t.gql(BY_AREA, { p: planCode, d: today })]);
    expect(asOf.data.progressByArea).toEqual(now.data.progressByArea);
  });

  it('refuses a window out of 1–3660 days and an unknown plan with coded errors', async () => {
    for (const n of [0, -5, 3661]) {
      const res = await t.gql(COVERAGE, { p: planCode, g: 'AREA', n });
      expectError(res, 'BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/staleAfterDays/);
    }
    expectError(await t.gql(COVERAGE, { p: 'no-such-plan', g: 'AREA', n: 30 }), 'NOT_FOUND');
  });
});
