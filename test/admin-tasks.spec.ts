// Admin writes to tasks: createTask and archiveTask (updateTask: admin-update-task.spec.ts).
import { bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';
import {
  ARCHIVE_TASK,
  CREATE_TASK,
  createArea,
  createPlan,
  createTask,
  badCases,
  expectFieldError,
  NOT_A_DATE,
  NOT_IN_ENUM,
  HISTORY,
  RECORD_UPDATE,
  taskState,
  UPDATE_TASK,
} from './support/admin-fixtures';

describe('admin CRUD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const taskCount = async (planCode: string) =>
    (await t.ds.query('SELECT count(*)::int AS n FROM task JOIN plan p ON p.id = task.plan_id WHERE p.code = $1', [planCode]))[0].n as number;

  describe('createTask', () => {
    it('creates a task from planCode, code and title alone, at version 1 with no history', async () => {
      const plan = await createPlan(t);
      const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'T-1', title: '最小任务' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.createTask).toMatchObject({
        code: 'T-1',
        title: '最小任务',
        status: 'NOT_REPORTED',
        progress: null,
        version: 1,
        areaBasis: 'NOT_STATED',
        area: null,
        parent: null,
        leadRegions: [],
        leadAgencies: [],
        plan: { code: plan.code },
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
          planCode: plan.code,
          areaCode: 'TR',
          code: 'T-2',
          title: '全字段',
          titleEn: 'All fields',
          description: '描述',
          leadRegions: ['ZJ', 'JS', 'JS'],
          leadAgencies: ['省发展改革委', '省交通运输厅'],
          startDate: '2024-01-01',
          dueDate: '2026-12-31',
          parentTaskId: parent.id,
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createTask).toMatchObject({
        code: 'T-2',
        titleEn: 'All fields',
        description: '描述',
        areaBasis: 'STATED',
        area: { code: area.code },
        parent: { id: parent.id },
        leadRegions: [{ code: 'JS' }, { code: 'ZJ' }],
        leadAgencies: ['省发展改革委', '省交通运输厅'],
        startDate: '2024-01-01',
        dueDate: '2026-12-31',
        version: 1,
      });
      const sub = await t.gql(`query($id: ID!) { task(id: $id) { subtasks { code } } }`, { id: parent.id });
      expect(sub.data.task.subtasks).toEqual([{ code: 'T-2' }]);
    });

    it("refuses unknown plans, areas and parents with NOT_FOUND, other plans' areas and parents with BAD_USER_INPUT, and writes nothing", async () => {
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

    it.each(
      badCases([
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
      ]),
    )('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const plan = await createPlan(t);
      const res = await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'T', title: 'ok', ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      expect(await taskCount(plan.code)).toBe(0);
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
      expectFieldError(
        await t.gql(CREATE_TASK, { input: { planCode: plan.code, code: 'CHILD', title: 'x', parentTaskId: task.id } }),
        'BAD_USER_INPUT',
        'parentTaskId',
      );
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
});
