import { todayIn } from '../src/common/time-zone';
import { CREATE_PLAN, createArea, createPlan, createTask, expectFieldError, RECORD_UPDATE } from './support/admin-fixtures';
import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';

// Each plan keeps its own day. Two plans sit at the ends of the clock: Pacific/Kiritimati (UTC+14) and Etc/GMT+12
// (UTC−12, the sign is POSIX's). At every hour at least one of them has a date other than UTC's (Kiritimati from
// 10:00 UTC, GMT+12 before 12:00 UTC), so these tests fail under a UTC "today" whatever the hour they run at.
const EAST = 'Pacific/Kiritimati';
const WEST = 'Etc/GMT+12';

/** A YYYY-MM-DD date moved by whole days. */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

describe("the plan's day, not UTC's", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const planIn = async (timeZone: string) => {
    const plan = await createPlan(t, { timeZone });
    await createArea(t, plan.code, { code: 'A1', ordinal: 1 });
    return plan;
  };

  describe('Plan.timeZone', () => {
    it('is what createPlan was given, in its canonical spelling, and UTC (DEFAULT_TIME_ZONE) when left out', async () => {
      const east = await t.gql(CREATE_PLAN.replace('issuedOn }', 'issuedOn timeZone }'), {
        input: { code: `tz-${uniq()}`, round: 1, title: 't', periodStart: 2024, periodEnd: 2026, timeZone: 'pacific/kiritimati' },
      });
      expect(east.data.createPlan.timeZone).toBe(EAST);
      const plain = await createPlan(t);
      const read = await t.gql(`query($code: String!) { plan(code: $code) { timeZone } }`, { code: plain.code });
      expect(read.data.plan.timeZone).toBe('UTC');
    });

    it.each(['Mars/Olympus', '+08:00', 'UTC; DROP TABLE plan', ''])('refuses %j with BAD_USER_INPUT naming timeZone', async (timeZone) => {
      const res = await t.gql(CREATE_PLAN, { input: { code: `tz-${uniq()}`, round: 1, title: 't', periodStart: 2024, periodEnd: 2026, timeZone } });
      expectFieldError(res, 'BAD_USER_INPUT', 'timeZone');
    });

    it("is Asia/Shanghai for the seed's plans", async () => {
      const res = await t.gql(`{ plans { code timeZone } }`);
      const seed = res.data.plans.filter((p: { code: string }) => /^yrd-20\d\d-20\d\d$/.test(p.code));
      expect(seed.map((p: { timeZone: string }) => p.timeZone)).toEqual(['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai']);
    });

    it('is taken from DEFAULT_TIME_ZONE for a plan created without one', async () => {
      const other = await bootTestApp({ DEFAULT_TIME_ZONE: 'Asia/Tokyo' });
      try {
        const plan = await createPlan(other);
        const [row] = await t.ds.query('SELECT time_zone FROM plan WHERE code = $1', [plan.code]);
        expect(row.time_zone).toBe('Asia/Tokyo');
      } finally {
        await other.close();
      }
    });
  });

  describe("occurredOn must not be after the plan's today", () => {
    it.each([EAST, WEST])("accepts the plan's today and refuses the day after, in %s", async (zone) => {
      const plan = await planIn(zone);
      const task = await createTask(t, plan.code);
      const today = todayIn(zone);
      const ok = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 10, occurredOn: today } });
      expect(ok.errors).toBeUndefined();
      const late = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 2, note: 'n', occurredOn: addDays(today, 1) } });
      expectFieldError(late, 'BAD_USER_INPUT', 'occurredOn');
      // Left out, occurredOn is the plan's today.
      const plain = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 2, note: 'n' } });
      expect(plain.errors).toBeUndefined();
      const [row] = await t.ds.query("SELECT to_char(occurred_on, 'YYYY-MM-DD') AS d FROM task_update WHERE task_id = $1 AND version = 3", [dbKey(task.id)]);
      expect(row.d).toBe(today);
    });

    it.each([EAST, WEST])('applies to evaluations and indicator readings too, in %s', async (zone) => {
      const plan = await planIn(zone);
      const today = todayIn(zone);
      const EVAL = `mutation($input: RecordEvaluationInput!) { recordEvaluation(input: $input) { evaluatedOn } }`;
      const evaluation = (evaluatedOn: string) => ({ input: { planCode: plan.code, evaluatedOn, sourceTitle: 's', sourceUrl: 'https://example.gov.cn/e' } });
      expect((await t.gql(EVAL, evaluation(today))).data.recordEvaluation).toEqual({ evaluatedOn: today });
      expectFieldError(await t.gql(EVAL, evaluation(addDays(today, 1))), 'BAD_USER_INPUT', 'evaluatedOn');

      const [indicator] = await t.ds.query('INSERT INTO indicator (code, name, unit, plan_id) VALUES ($1, $2, $3, $4) RETURNING id', [
        `tz-${uniq()}`,
        '指标',
        'km',
        dbKey(plan.id),
      ]);
      const READING = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { asOf } }`;
      const reading = (asOf: string) => ({
        input: { indicatorId: nodeId('Indicator', indicator.id), value: 1, qualifier: 'EXACT', asOf, sourceUrl: 'https://example.gov.cn/r' },
      });
      expect((await t.gql(READING, reading(today))).data.recordIndicatorReading).toEqual({ asOf: today });
      expectFieldError(await t.gql(READING, reading(addDays(today, 1))), 'BAD_USER_INPUT', 'asOf');
    });
  });

  describe("overdue is due before the plan's today", () => {
    // In each plan: one task due the day before the plan's today (overdue), one due on it (not yet).
    let fixtures: { zone: string; plan: string; title: string; overdue: string; due: string }[];
    beforeAll(async () => {
      fixtures = [];
      for (const zone of [EAST, WEST]) {
        const plan = await planIn(zone);
        const title = `tz-${uniq()}`;
        const today = todayIn(zone);
        const overdue = await createTask(t, plan.code, { areaCode: 'A1', title, dueDate: addDays(today, -1), leadRegions: ['SH'] });
        const due = await createTask(t, plan.code, { areaCode: 'A1', title, dueDate: today, leadRegions: ['SH'] });
        fixtures.push({ zone, plan: plan.code, title, overdue: overdue.code, due: due.code });
      }
    });

    it("flags Task.overdue by the plan's clock", async () => {
      for (const f of fixtures) {
        const res = await t.gql(`query($p: String!) { tasks(planCode: $p, orderBy: DUE_DATE_ASC) { edges { node { code overdue } } } }`, { p: f.plan });
        expect(res.data.tasks.edges.map((e: { node: unknown }) => e.node)).toEqual([
          { code: f.overdue, overdue: true },
          { code: f.due, overdue: false },
        ]);
      }
    });

    it("filters overdue by the plan's clock, within one plan and across plans", async () => {
      for (const f of fixtures) {
        const one = await t.gql(`query($p: String!) { tasks(planCode: $p, filter: { overdue: true }) { edges { node { code } } } }`, { p: f.plan });
        expect(one.data.tasks.edges).toEqual([{ node: { code: f.overdue } }]);
        const not = await t.gql(`query($p: String!) { tasks(planCode: $p, filter: { overdue: false }) { edges { node { code } } } }`, { p: f.plan });
        expect(not.data.tasks.edges).toEqual([{ node: { code: f.due } }]);
        const across = await t.gql(`query($s: String!) { tasks(filter: { overdue: true, search: $s }) { edges { node { code plan { code } } } } }`, {
          s: f.title,
        });
        expect(across.data.tasks.edges).toEqual([{ node: { code: f.overdue, plan: { code: f.plan } } }]);
      }
    });

    it("counts overdue by the plan's clock in the progress aggregates", async () => {
      for (const f of fixtures) {
        const byArea = await t.gql(`query($p: String!) { progressByArea(planCode: $p) { area { code } taskCount overdue } }`, { p: f.plan });
        expect(byArea.data.progressByArea).toEqual([{ area: { code: 'A1' }, taskCount: 2, overdue: 1 }]);
        const byRegion = await t.gql(`query($p: String!) { progressByRegion(planCode: $p) { region { code } taskCount overdue } }`, { p: f.plan });
        expect(byRegion.data.progressByRegion.find((r: { region: { code: string } | null }) => r.region?.code === 'SH')).toEqual({
          region: { code: 'SH' },
          taskCount: 2,
          overdue: 1,
        });
      }
    });
  });

  it('answers NOT_FOUND for progress of an unknown plan', async () => {
    expectError(await t.gql(`{ progressByArea(planCode: "no-such-plan-${uniq()}") { overdue } }`), 'NOT_FOUND');
  });
});
