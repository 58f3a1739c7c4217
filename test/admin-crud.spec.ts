import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';
import {
  ARCHIVE_TASK, CREATE_AREA, CREATE_PLAN, CREATE_TASK, createArea, createPlan, createTask, badCases, expectFieldError, NOT_A_DATE, NOT_AN_INT, NOT_IN_ENUM,
  RECORD_UPDATE, taskState, tomorrow, UPDATE_TASK,
} from './support/admin-fixtures';

const UPDATE_AREA = `mutation($input: UpdateAreaInput!) { updateArea(input: $input) { id code ordinal name nameEn declaredTaskCount note } }`;
const RECORD_EVALUATION = `mutation($input: RecordEvaluationInput!) { recordEvaluation(input: $input) {
  id evaluatedOn evaluatedOnPrecision taskCount completion { value qualifier } note source { title url } } }`;
const HISTORY = `query($id: ID!) { task(id: $id) { version history(first: 20) { totalCount edges { node { version origin author changedFields statusFrom statusTo } } } } }`;

describe('admin CRUD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const planCount = async () => (await t.ds.query('SELECT count(*)::int AS n FROM plan'))[0].n as number;
  const taskCount = async (planCode: string) =>
    (await t.ds.query('SELECT count(*)::int AS n FROM task JOIN plan p ON p.id = task.plan_id WHERE p.code = $1', [planCode]))[0].n as number;

  describe('createPlan', () => {
    it('adds a plan that the read API then serves', async () => {
      const code = `crud-${uniq()}`;
      const res = await t.gql(CREATE_PLAN, {
        input: { code, round: 4, title: '长三角一体化 2027—2029', titleEn: 'YRD 2027–2029', issuer: '推动长三角一体化发展领导小组办公室',
          periodStart: 2027, periodEnd: 2029, declaredTaskCount: 150, issuedOn: '2026-07-01' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createPlan).toMatchObject({ code, round: 4, periodStart: 2027, periodEnd: 2029, declaredTaskCount: 150, issuedOn: '2026-07-01' });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { code title titleEn issuer catalogedTaskCount areas { code } } }`, { code });
      expect(read.data.plan).toEqual({
        code, title: '长三角一体化 2027—2029', titleEn: 'YRD 2027–2029', issuer: '推动长三角一体化发展领导小组办公室', catalogedTaskCount: 0, areas: [],
      });
    });

    it('refuses a code that is already taken with CONFLICT naming code', async () => {
      const { code } = await createPlan(t);
      const before = await planCount();
      const res = await t.gql(CREATE_PLAN, { input: { code, round: 1, title: 'dup', periodStart: 2024, periodEnd: 2026 } });
      expectFieldError(res, 'CONFLICT', 'code');
      expect(await planCount()).toBe(before);
    });

    it.each(badCases([
      ['code', { code: 'has space' }],
      ['code', { code: '-leading-dash' }],
      ['code', { code: 'x'.repeat(65) }],
      ['round', { round: 0 }],
      ['title', { title: '' }],
      ['title', { title: '   ' }],
      ['title', { title: 'x'.repeat(501) }],
      ['periodStart', { periodStart: 1800 }],
      ['periodEnd', { periodEnd: 2023 }],
      ['declaredTaskCount', { declaredTaskCount: -1 }],
      [NOT_A_DATE, { issuedOn: '2024-02-30' }],
      [NOT_AN_INT, { round: 1.5 }],
    ]))('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const before = await planCount();
      const res = await t.gql(CREATE_PLAN, { input: { code: `crud-${uniq()}`, round: 1, title: 'ok', periodStart: 2024, periodEnd: 2026, ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      expect(await planCount()).toBe(before);
    });
  });

  describe('createArea and updateArea', () => {
    it('adds an area under its plan, in order', async () => {
      const plan = await createPlan(t);
      await createArea(t, plan.code, { code: 'B', ordinal: 2, name: '第二' });
      const res = await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'A', ordinal: 1, name: '第一', nameEn: 'First', declaredTaskCount: 12, note: '说明' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createArea).toMatchObject({ code: 'A', ordinal: 1, name: '第一', nameEn: 'First', declaredTaskCount: 12, note: '说明', plan: { code: plan.code } });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { areas { code ordinal } } }`, { code: plan.code });
      expect(read.data.plan.areas).toEqual([{ code: 'A', ordinal: 1 }, { code: 'B', ordinal: 2 }]);
    });

    it('refuses an unknown plan with NOT_FOUND', async () => {
      expectError(await t.gql(CREATE_AREA, { input: { planCode: `nope-${uniq()}`, code: 'A', ordinal: 1, name: 'x' } }), 'NOT_FOUND');
    });

    it('refuses a taken code or ordinal with CONFLICT naming the field, and allows the same code in another plan', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      await createArea(t, plan.code, { code: 'A', ordinal: 1 });
      expectFieldError(await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'A', ordinal: 2, name: 'x' } }), 'CONFLICT', 'code');
      expectFieldError(await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'B', ordinal: 1, name: 'x' } }), 'CONFLICT', 'ordinal');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM area a JOIN plan p ON p.id = a.plan_id WHERE p.code = $1', [plan.code]);
      expect(n).toBe(1);
      expect((await t.gql(CREATE_AREA, { input: { planCode: other.code, code: 'A', ordinal: 1, name: 'x' } })).errors).toBeUndefined();
    });

    it('changes only the fields given, and null clears a nullable field', async () => {
      const plan = await createPlan(t);
      const area = await createArea(t, plan.code, { code: 'A', ordinal: 1, name: '旧', nameEn: 'Old', note: 'n' });
      const res = await t.gql(UPDATE_AREA, { input: { id: area.id, name: '新', nameEn: null, declaredTaskCount: 7 } });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateArea).toEqual({ id: area.id, code: 'A', ordinal: 1, name: '新', nameEn: null, declaredTaskCount: 7, note: 'n' });
    });

    it('refuses bad area edits with a coded error naming the field', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      const area = await createArea(t, plan.code, { code: 'A', ordinal: 1, name: '名' });
      await createArea(t, plan.code, { code: 'B', ordinal: 2 });
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, name: null } }), 'BAD_USER_INPUT', 'name');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, ordinal: 0 } }), 'BAD_USER_INPUT', 'ordinal');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, code: 'B' } }), 'CONFLICT', 'code');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, ordinal: 2 } }), 'CONFLICT', 'ordinal');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, planCode: other.code, name: 'x' } }), 'BAD_USER_INPUT', 'planCode');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id } }), 'BAD_USER_INPUT', 'input');
      expectError(await t.gql(UPDATE_AREA, { input: { id: nodeId('Area', 999999999), name: 'x' } }), 'NOT_FOUND');
      const [row] = await t.ds.query('SELECT code, ordinal, name FROM area WHERE id = $1', [dbKey(area.id)]);
      expect(row).toEqual({ code: 'A', ordinal: 1, name: '名' });
    });
  });

  describe('createTask', () => {
    it('creates a task from planCode, code and title alone, at version 1 with no history', async () => {
      const plan = await createPlan(t);
      const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'T-1', title: '最小任务' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createTask).toMatchObject({
        code: 'T-1', title: '最小任务', status: 'NOT_REPORTED', progress: null, version: 1, areaBasis: 'NOT_STATED',
        area: null, parent: null, leadRegions: [], leadAgencies: [], plan: { code: plan.code },
      });
      const history = await t.gql(HISTORY, { id: res.data.createTask.id });
      expect(history.data.task.history.totalCount).toBe(0);
      expect(await taskState(t, res.data.createTask.id)).toMatchObject({ version: 1, history: 0 });
    });

    it('creates a task with every field, tied to its area and parent', async () => {
      const plan = await createPlan(t);
      const area = await createArea(t, plan.code, { code: 'TR', ordinal: 1 });
      const parent = await createTask(t, plan.code);
      const res = await t.gql(CREATE_TASK, {
        input: {
          planCode: plan.code, areaCode: 'TR', code: 'T-2', title: '全字段', titleEn: 'All fields', description: '描述',
          leadRegions: ['ZJ', 'JS', 'JS'], leadAgencies: ['省发展改革委', '省交通运输厅'], startDate: '2024-01-01', dueDate: '2026-12-31',
          parentTaskId: parent.id,
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createTask).toMatchObject({
        code: 'T-2', titleEn: 'All fields', description: '描述', areaBasis: 'STATED', area: { code: area.code },
        parent: { id: parent.id }, leadRegions: [{ code: 'JS' }, { code: 'ZJ' }], leadAgencies: ['省发展改革委', '省交通运输厅'],
        startDate: '2024-01-01', dueDate: '2026-12-31', version: 1,
      });
      const sub = await t.gql(`query($id: ID!) { task(id: $id) { subtasks { code } } }`, { id: parent.id });
      expect(sub.data.task.subtasks).toEqual([{ code: 'T-2' }]);
    });

    it('refuses unknown plans, areas and parents with NOT_FOUND, other plans\' areas and parents with BAD_USER_INPUT, and writes nothing', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      await createArea(t, other.code, { code: 'ELSEWHERE', ordinal: 1 });
      const foreignTask = await createTask(t, other.code);
      const base = { planCode: plan.code, code: `T-${uniq()}`, title: 'x' };
      expectError(await t.gql(CREATE_TASK, { input: { ...base, planCode: `nope-${uniq()}` } }), 'NOT_FOUND');
      expectError(await t.gql(CREATE_TASK, { input: { ...base, areaCode: `nope-${uniq()}` } }), 'NOT_FOUND');
      expectError(await t.gql(CREATE_TASK, { input: { ...base, parentTaskId: nodeId('Task', 999999999) } }), 'NOT_FOUND');
      expectFieldError(await t.gql(CREATE_TASK, { input: { ...base, areaCode: 'ELSEWHERE' } }), 'BAD_USER_INPUT', 'areaCode');
      expectFieldError(await t.gql(CREATE_TASK, { input: { ...base, parentTaskId: foreignTask.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      expect(await taskCount(plan.code)).toBe(0);
    });

    it('refuses a code already used in the plan with CONFLICT naming code, and accepts it in another plan', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      await createTask(t, plan.code, { code: 'SAME' });
      expectFieldError(await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'SAME', title: 'x' } }), 'CONFLICT', 'code');
      expect(await taskCount(plan.code)).toBe(1);
      expect((await t.gql(CREATE_TASK, { input: { planCode: other.code, code: 'SAME', title: 'x' } })).errors).toBeUndefined();
    });

    it.each(badCases([
      ['code', { code: 'a b' }],
      ['title', { title: '' }],
      ['titleEn', { titleEn: 'x'.repeat(501) }],
      ['description', { description: 'x'.repeat(10001) }],
      [NOT_IN_ENUM, { leadRegions: ['XX'] }],
      ['leadAgencies', { leadAgencies: ['x'.repeat(201)] }],
      ['leadAgencies', { leadAgencies: Array(21).fill('局') }],
      [NOT_A_DATE, { startDate: '2024-13-01' }],
      ['dueDate', { startDate: '2025-01-01', dueDate: '2024-12-31' }],
      ['parentTaskId', { parentTaskId: 'abc' }],
      ['areaCode', { areaCode: '' }],
    ]))('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const plan = await createPlan(t);
      const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'T', title: 'ok', ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      expect(await taskCount(plan.code)).toBe(0);
    });
  });

  describe('updateTask', () => {
    it('changes the given fields with one version bump and one ADMIN history row', async () => {
      const plan = await createPlan(t);
      const area = await createArea(t, plan.code);
      const task = await createTask(t, plan.code, { leadRegions: ['SH'] });
      const res = await t.gql(UPDATE_TASK, {
        input: { id: task.id, expectedVersion: 1, title: '新标题', leadRegions: ['AH', 'SH'], areaCode: area.code, dueDate: '2026-06-30' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateTask).toMatchObject({
        title: '新标题', version: 2, leadRegions: [{ code: 'SH' }, { code: 'AH' }], area: { code: area.code }, areaBasis: 'STATED', dueDate: '2026-06-30',
      });
      const history = await t.gql(HISTORY, { id: task.id });
      expect(history.data.task.history.totalCount).toBe(1);
      const node = history.data.task.history.edges[0].node;
      expect(node).toMatchObject({ version: 2, origin: 'ADMIN', author: 'bootstrap-admin', statusFrom: 'NOT_REPORTED', statusTo: 'NOT_REPORTED' });
      expect([...node.changedFields].sort()).toEqual(['areaBasis', 'areaId', 'dueDate', 'leadRegions', 'title']);
    });

    it('changes nothing (no bump, no history) when every given value equals the current one', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { title: '同', leadRegions: ['JS'], startDate: '2024-03-01', leadAgencies: ['厅'] });
      const res = await t.gql(UPDATE_TASK, {
        input: { id: task.id, expectedVersion: 1, planCode: plan.code, title: '同', leadRegions: ['JS'], startDate: '2024-03-01', leadAgencies: ['厅'] },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateTask.version).toBe(1);
      expect(await taskState(t, task.id)).toMatchObject({ version: 1, history: 0 });
    });

    it('clears nullable fields with null and moves a task out of its area', async () => {
      const plan = await createPlan(t);
      const area = await createArea(t, plan.code);
      const parent = await createTask(t, plan.code);
      const task = await createTask(t, plan.code, { areaCode: area.code, titleEn: 'en', parentTaskId: parent.id, dueDate: '2026-01-01' });
      const res = await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, areaCode: null, titleEn: null, parentTaskId: null, dueDate: null } });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateTask).toMatchObject({ area: null, areaBasis: 'NOT_STATED', titleEn: null, parent: null, dueDate: null, version: 2 });
    });

    it('refuses a stale expectedVersion with VERSION_CONFLICT and changes nothing', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code);
      await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, title: 'v2' } });
      const res = await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, title: 'lost' } });
      expectError(res, 'VERSION_CONFLICT');
      expect(res.errors![0].extensions).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
      expect(await taskState(t, task.id)).toMatchObject({ version: 2, history: 1, title: 'v2' });
    });

    it('refuses a parent that would make a cycle, or one from another plan, with BAD_USER_INPUT', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      const a = await createTask(t, plan.code);
      const b = await createTask(t, plan.code, { parentTaskId: a.id });
      const c = await createTask(t, plan.code, { parentTaskId: b.id });
      const foreign = await createTask(t, other.code);
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: a.id, expectedVersion: 1, parentTaskId: c.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: a.id, expectedVersion: 1, parentTaskId: a.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: a.id, expectedVersion: 1, parentTaskId: foreign.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      expectError(await t.gql(UPDATE_TASK, { input: { id: a.id, expectedVersion: 1, parentTaskId: nodeId('Task', 999999999) } }), 'NOT_FOUND');
      expect(await taskState(t, a.id)).toMatchObject({ version: 1, history: 0 });
      // Moving c under a is fine: no cycle.
      expect((await t.gql(UPDATE_TASK, { input: { id: c.id, expectedVersion: 1, parentTaskId: a.id } })).errors).toBeUndefined();
    });

    it('never lets concurrent parent changes build a cycle together, nor deadlock', async () => {
      const plan = await createPlan(t);
      const pairs = await Promise.all(Array.from({ length: 5 }, async () => [await createTask(t, plan.code), await createTask(t, plan.code)]));
      const replies = await Promise.all(
        pairs.flatMap(([a, b]) => [
          t.gql(UPDATE_TASK, { input: { id: a.id, expectedVersion: 1, parentTaskId: b.id } }),
          t.gql(UPDATE_TASK, { input: { id: b.id, expectedVersion: 1, parentTaskId: a.id } }),
        ]),
      );
      for (let i = 0; i < replies.length; i += 2) {
        const codes = [replies[i], replies[i + 1]].map((r) => r.errors?.[0].extensions.code ?? 'OK').sort();
        expect(codes).toEqual(['BAD_USER_INPUT', 'OK']);
      }
    });

    it('refuses bad edits with a coded error naming the field, and changes nothing', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      await createArea(t, other.code, { code: 'ELSEWHERE' });
      await createTask(t, plan.code, { code: 'TAKEN' });
      const task = await createTask(t, plan.code, { startDate: '2025-01-01' });
      const cases: [string, string, Record<string, unknown>][] = [
        ['BAD_USER_INPUT', 'planCode', { planCode: other.code }],
        ['BAD_USER_INPUT', 'areaCode', { areaCode: 'ELSEWHERE' }],
        ['NOT_FOUND', 'Area', { areaCode: `nope-${uniq()}` }],
        ['CONFLICT', 'code', { code: 'TAKEN' }],
        ['BAD_USER_INPUT', 'dueDate', { dueDate: '2024-12-31' }],
        ['BAD_USER_INPUT', 'title', { title: null }],
        ['BAD_USER_INPUT', 'code', { code: null }],
        ['BAD_USER_INPUT', 'leadRegions', { leadRegions: null }],
        ['BAD_USER_INPUT', 'title', { title: ' ' }],
        ['BAD_USER_INPUT', 'expectedVersion', { expectedVersion: 0 }],
        ['BAD_USER_INPUT', 'input', {}],
        ['BAD_USER_INPUT', 'id', { id: 'abc', title: 'x' }],
        ['NOT_FOUND', 'Task', { id: nodeId('Task', 999999999), title: 'x' }],
      ];
      for (const [code, field, bad] of cases) {
        const res = await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, ...bad } });
        expectFieldError(res, code, field);
      }
      expect(await taskState(t, task.id)).toMatchObject({ version: 1, history: 0 });
    });
  });

  describe('archiveTask', () => {
    it('archives softly: the version goes up, one history row is added, and the history stays', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { leadRegions: ['JS'] });
      await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 30 } });
      const res = await t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 2 } });
      expect(res.errors).toBeUndefined();
      expect(res.data.archiveTask.version).toBe(3);
      expect(res.data.archiveTask.archivedAt).not.toBeNull();
      const history = await t.gql(HISTORY, { id: task.id });
      expect(history.data.task.history.totalCount).toBe(2);
      expect(history.data.task.history.edges.map((e: any) => [e.node.version, e.node.origin, e.node.changedFields])).toEqual([
        [3, 'ADMIN', ['archivedAt']],
        [2, 'API', ['status', 'progress']],
      ]);
    });

    it('refuses to archive twice, and refuses further edits and updates of an archived task', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { leadRegions: ['JS'] });
      await t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 1 } });
      expectFieldError(await t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 2 } }), 'BAD_USER_INPUT', 'id');
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 2, title: 'x' } }), 'BAD_USER_INPUT', 'id');
      expectError(await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 2, progress: 5 } }), 'BAD_USER_INPUT');
      expectFieldError(await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'CHILD', title: 'x', parentTaskId: task.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      expect(await taskState(t, task.id)).toMatchObject({ version: 2, history: 1, archived: true });
    });

    it('refuses a stale version, and a task whose sub-tasks are still live', async () => {
      const plan = await createPlan(t);
      const parent = await createTask(t, plan.code);
      const child = await createTask(t, plan.code, { parentTaskId: parent.id });
      expectError(await t.gql(ARCHIVE_TASK, { input: { id: parent.id, expectedVersion: 7 } }), 'VERSION_CONFLICT');
      expectFieldError(await t.gql(ARCHIVE_TASK, { input: { id: parent.id, expectedVersion: 1 } }), 'BAD_USER_INPUT', 'id');
      expect(await taskState(t, parent.id)).toMatchObject({ version: 1, archived: false });
      expect((await t.gql(ARCHIVE_TASK, { input: { id: child.id, expectedVersion: 1 } })).errors).toBeUndefined();
      expect((await t.gql(ARCHIVE_TASK, { input: { id: parent.id, expectedVersion: 1 } })).errors).toBeUndefined();
    });

    it('refuses an unknown task with NOT_FOUND', async () => {
      expectError(await t.gql(ARCHIVE_TASK, { input: { id: nodeId('Task', 999999999), expectedVersion: 1 } }), 'NOT_FOUND');
    });
  });

  describe('recordEvaluation', () => {
    it('records an evaluation with its bounded completion and its source', async () => {
      const plan = await createPlan(t);
      const url = `https://example.org/eval/${uniq()}`;
      const res = await t.gql(RECORD_EVALUATION, {
        input: { planCode: plan.code, evaluatedOn: '2025-12-31', evaluatedOnPrecision: 'YEAR', taskCount: 165,
          completion: { value: 0.9, qualifier: 'OVER' }, note: '全面体检', sourceTitle: '新闻发布会', sourceUrl: url },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordEvaluation).toMatchObject({
        evaluatedOn: '2025-12-31', evaluatedOnPrecision: 'YEAR', taskCount: 165, completion: { value: 0.9, qualifier: 'OVER' },
        note: '全面体检', source: { title: '新闻发布会', url },
      });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { evaluations { evaluatedOn completion { value qualifier } } } }`, { code: plan.code });
      expect(read.data.plan.evaluations).toEqual([{ evaluatedOn: '2025-12-31', completion: { value: 0.9, qualifier: 'OVER' } }]);
    });

    it('records an evaluation without a completion figure or source', async () => {
      const plan = await createPlan(t);
      const res = await t.gql(RECORD_EVALUATION, { input: { planCode: plan.code, evaluatedOn: '2024-06-30' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordEvaluation).toMatchObject({ evaluatedOnPrecision: 'DAY', completion: null, source: null });
    });

    it.each(badCases([
      ['completion.value', { completion: { value: 1.5, qualifier: 'OVER' } }],
      ['completion.value', { completion: { value: -0.1, qualifier: 'EXACT' } }],
      ['sourceUrl', { sourceUrl: 'javascript:alert(1)' }],
      ['sourceUrl', { sourceUrl: 'ftp://example.org/x' }],
      ['taskCount', { taskCount: -5 }],
      ['note', { note: 'x'.repeat(4001) }],
      ['evaluatedOn', { evaluatedOn: '2025-06-30', evaluatedOnPrecision: 'YEAR' }],
      ['evaluatedOn', { evaluatedOn: tomorrow() }],
      [NOT_A_DATE, { evaluatedOn: '2024-02-30' }],
      ['planCode', { planCode: 'bad code' }],
    ]))('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const plan = await createPlan(t);
      const res = await t.gql(RECORD_EVALUATION, { input: { planCode: plan.code, evaluatedOn: '2024-12-31', ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM evaluation e JOIN plan p ON p.id = e.plan_id WHERE p.code = $1', [plan.code]);
      expect(n).toBe(0);
    });

    it('refuses an unknown plan with NOT_FOUND', async () => {
      expectError(await t.gql(RECORD_EVALUATION, { input: { planCode: `nope-${uniq()}`, evaluatedOn: '2024-12-31' } }), 'NOT_FOUND');
    });
  });
});
