import { bootTestApp, TestApp, uniq } from './support/test-app';
import { CREATE_AREA, CREATE_PLAN, CREATE_TASK, createArea, createPlan, createTask, expectFieldError, UPDATE_TASK } from './support/admin-fixtures';

// Codes are unique whatever their case (a plan code among plans, an area or task code within its plan), and every
// lookup by code finds the record whatever case the caller writes it in.
const UPDATE_AREA = `mutation($input: UpdateAreaInput!) { updateArea(input: $input) { id code } }`;
const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;

describe('codes are one code whatever their case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const count = async (sql: string, params: unknown[]) => (await t.ds.query(sql, params))[0].n as number;
  const tasksOf = (planCode: string) =>
    t.ds.query('SELECT t.code, t.title, t.version FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1 ORDER BY t.code', [planCode]);

  it('refuses a plan code that differs from a taken one only in case, with CONFLICT on code', async () => {
    const code = `Case-${uniq()}`;
    await createPlan(t, { code });
    const res = await t.gql(CREATE_PLAN, { input: { code: code.toLowerCase(), round: 1, title: 'dup', periodStart: 2024, periodEnd: 2026 } });
    expectFieldError(res, 'CONFLICT', 'code');
    expect(await count('SELECT count(*)::int AS n FROM plan WHERE lower(code) = lower($1)', [code])).toBe(1);
    const read = await t.gql(`query($code: String!) { plan(code: $code) { code } }`, { code: code.toUpperCase() });
    expect(read.data.plan).toEqual({ code });
  });

  it('refuses an area code that the plan already has in another case, on create and on update', async () => {
    const plan = await createPlan(t);
    await createArea(t, plan.code, { code: 'Area-A', ordinal: 1 });
    const other = await createArea(t, plan.code, { code: 'Area-B', ordinal: 2 });
    expectFieldError(await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'AREA-a', ordinal: 3, name: 'x' } }), 'CONFLICT', 'code');
    expectFieldError(await t.gql(UPDATE_AREA, { input: { id: other.id, code: 'area-a' } }), 'CONFLICT', 'code');
    const areas = await t.ds.query('SELECT a.code FROM area a JOIN plan p ON p.id = a.plan_id WHERE p.code = $1 ORDER BY a.code', [plan.code]);
    expect(areas).toEqual([{ code: 'Area-A' }, { code: 'Area-B' }]);
    // Another plan may use the same code in any case.
    const second = await createPlan(t);
    await createArea(t, second.code, { code: 'area-a', ordinal: 1 });
  });

  it('refuses a task code that the plan already has in another case, with CONFLICT on code, and writes nothing', async () => {
    const plan = await createPlan(t);
    await createTask(t, plan.code, { code: 'R3-A1-01' });
    const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'r3-a1-01', title: 'dup' } });
    expectFieldError(res, 'CONFLICT', 'code');
    expect(await tasksOf(plan.code)).toEqual([{ code: 'R3-A1-01', title: '测试任务', version: 1 }]);
  });

  it("refuses renaming a task to another task's code in another case, but lets a task change the case of its own code", async () => {
    const plan = await createPlan(t);
    await createTask(t, plan.code, { code: 'K-01' });
    const other = await createTask(t, plan.code, { code: 'K-02' });
    expectFieldError(await t.gql(UPDATE_TASK, { input: { id: other.id, expectedVersion: 1, code: 'k-01' } }), 'CONFLICT', 'code');
    const own = await t.gql(UPDATE_TASK, { input: { id: other.id, expectedVersion: 1, code: 'k-02' } });
    expect(own.errors).toBeUndefined();
    expect(own.data.updateTask).toMatchObject({ code: 'k-02', version: 2 });
  });

  it('finds a task by code, and filters by area code, whatever the case of plan, task and area codes', async () => {
    const plan = await createPlan(t, { code: `Plan-${uniq()}` });
    await createArea(t, plan.code, { code: 'A6', ordinal: 1 });
    const task = await createTask(t, plan.code, { code: 'R3-A6-03', areaCode: 'a6' });
    const byCode = await t.gql(`query($p: String!, $c: String!) { taskByCode(planCode: $p, code: $c) { id code area { code } } }`, {
      p: plan.code.toUpperCase(),
      c: 'r3-a6-03',
    });
    expect(byCode.data.taskByCode).toEqual({ id: task.id, code: 'R3-A6-03', area: { code: 'A6' } });
    const filtered = await t.gql(`query($p: String!) { tasks(planCode: $p, filter: { areaCode: "a6" }) { totalCount edges { node { code } } } }`, {
      p: plan.code.toLowerCase(),
    });
    expect(filtered.data.tasks).toEqual({ totalCount: 1, edges: [{ node: { code: 'R3-A6-03' } }] });
  });

  describe('import', () => {
    const importCsv = async (planCode: string, content: string) => {
      const res = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content, dryRun: false } });
      expect(res.errors).toBeUndefined();
      return res.data.importTasks;
    };

    it('updates the stored task a row names in another case (keeping its spelling), and resolves parent and area codes the same way', async () => {
      const plan = await createPlan(t);
      await createArea(t, plan.code, { code: 'A1', ordinal: 1 });
      await createTask(t, plan.code, { code: 'K-01', title: 'old' });
      const result = await importCsv(plan.code.toUpperCase(), 'code,parentCode,areaCode,title\nk-01,,a1,new\nK-01-1,k-01,A1,child\n');
      expect(result).toEqual({ created: 1, updated: 1, unchanged: 0, errors: [] });
      const rows = await t.ds.query(
        `SELECT t.code, t.title, p.code AS parent, a.code AS area FROM task t JOIN plan pl ON pl.id = t.plan_id
         LEFT JOIN task p ON p.id = t.parent_id LEFT JOIN area a ON a.id = t.area_id WHERE pl.code = $1 ORDER BY t.code`,
        [plan.code],
      );
      expect(rows).toEqual([
        { code: 'K-01', title: 'new', parent: null, area: 'A1' },
        { code: 'K-01-1', title: 'child', parent: 'K-01', area: 'A1' },
      ]);
    });

    it('reports two rows that spell one new code in different cases as duplicates, and writes nothing', async () => {
      const plan = await createPlan(t);
      const result = await importCsv(plan.code, 'code,title\nN-1,first\nn-1,second\n');
      expect(result.created).toBe(0);
      expect(result.errors).toEqual([{ row: 3, column: 'code', message: expect.stringMatching(/duplicate code N-1; it is on row 2/) }]);
      expect(await tasksOf(plan.code)).toEqual([]);
    });
  });
});
