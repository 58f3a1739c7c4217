// The task change rules (task-updates/task-change.rules decideTaskChange) hold on every write path that can express
// them: recordTaskUpdate, createTask/updateTask and the import. README "Writing" states the rules.
import { ARCHIVE_TASK, CREATE_TASK, createPlan, createTask, expectFieldError, RECORD_UPDATE, taskState, UPDATE_TASK } from './support/admin-fixtures';
import { bootTestApp, dbKey, expectError, TestApp } from './support/test-app';

const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
const HISTORY = `query($id: ID!) { task(id: $id) { history(first: 5) { edges { node { version changedFields } } } } }`;

describe('one rule set for a task change, on every path', () => {
  let t: TestApp;
  let plan: string;

  beforeAll(async () => {
    t = await bootTestApp();
    plan = (await createPlan(t)).code;
  });
  afterAll(async () => t.close());

  const record = (id: string, version: number, change: Record<string, unknown>) =>
    t.gql(RECORD_UPDATE, { input: { taskId: id, expectedVersion: version, ...change } });
  const importCsv = async (csv: string) => {
    const res = await t.gql(IMPORT, { input: { planCode: plan, format: 'CSV', content: csv, dryRun: false } });
    expect(res.errors).toBeUndefined();
    return res.data.importTasks as { created: number; updated: number; errors: { row: number; column: string; message: string }[] };
  };
  const codeOf = async (id: string) => (await t.ds.query('SELECT code FROM task WHERE id = $1', [dbKey(id)]))[0].code as string;

  describe('COMPLETED means 100', () => {
    it('records 100 for a completion without a figure and refuses another figure, through the API', async () => {
      const task = await createTask(t, plan);
      expectFieldError(await record(task.id, 1, { status: 'COMPLETED', progress: 80 }), 'BAD_USER_INPUT', 'progress');
      expect((await record(task.id, 1, { status: 'COMPLETED' })).data.recordTaskUpdate).toMatchObject({ status: 'COMPLETED', progress: 100 });
      expectFieldError(await record(task.id, 2, { progress: 90 }), 'BAD_USER_INPUT', 'progress');
    });

    it('does the same through the import, for new and stored tasks', async () => {
      const task = await createTask(t, plan);
      const code = await codeOf(task.id);
      const bad = await importCsv(`code,title,status,progress\r\n${code},测试任务,COMPLETED,80\r\n`);
      expect(bad.errors).toEqual([{ row: 2, column: 'progress', message: 'must be 100 when the status is COMPLETED' }]);
      expect(await importCsv(`code,title,status,progress\r\n${code},测试任务,COMPLETED,\r\nNEW-${code},新任务,COMPLETED,\r\n`)).toMatchObject({
        created: 1,
        updated: 1,
        errors: [],
      });
      expect(await taskState(t, task.id)).toMatchObject({ status: 'COMPLETED', progress: 100, version: 2 });
      const [created] = await t.ds.query('SELECT status, progress FROM task WHERE code = $1', [`NEW-${code}`]);
      expect(created).toEqual({ status: 'COMPLETED', progress: 100 });
    });
  });

  describe('NOT_REPORTED', () => {
    it('a reported task does not go back to it, through the API or the import', async () => {
      const task = await createTask(t, plan);
      await record(task.id, 1, { status: 'IN_PROGRESS', progress: 20 });
      expectFieldError(await record(task.id, 2, { status: 'NOT_REPORTED' }), 'BAD_USER_INPUT', 'status');
      const res = await importCsv(`code,title,status,progress,version\r\n${await codeOf(task.id)},测试任务,NOT_REPORTED,,2\r\n`);
      expect(res.errors).toEqual([{ row: 2, column: 'status', message: 'a reported task does not go back to NOT_REPORTED' }]);
      expect(await taskState(t, task.id)).toMatchObject({ status: 'IN_PROGRESS', progress: 20, version: 2 });
    });

    it('carries no progress: a figure alone moves the task to IN_PROGRESS, a figure with NOT_REPORTED is refused', async () => {
      const a = await createTask(t, plan);
      expectFieldError(await record(a.id, 1, { status: 'NOT_REPORTED', progress: 10 }), 'BAD_USER_INPUT', 'progress');
      expect((await record(a.id, 1, { progress: 10 })).data.recordTaskUpdate).toMatchObject({ status: 'IN_PROGRESS', progress: 10 });
      const b = await createTask(t, plan);
      const code = await codeOf(b.id);
      const bad = await importCsv(`code,title,status,progress\r\n${code},测试任务,NOT_REPORTED,10\r\n`);
      expect(bad.errors).toEqual([{ row: 2, column: 'progress', message: 'must be empty while the status is NOT_REPORTED' }]);
      expect(await importCsv(`code,title,progress\r\n${code},测试任务,10\r\n`)).toMatchObject({ updated: 1, errors: [] });
      expect(await taskState(t, b.id)).toMatchObject({ status: 'IN_PROGRESS', progress: 10 });
    });
  });

  describe('an archived parent takes no sub-task', () => {
    it('refuses it through createTask, updateTask and the import (new and stored tasks)', async () => {
      const parent = await createTask(t, plan);
      const parentCode = await codeOf(parent.id);
      expect((await t.gql(ARCHIVE_TASK, { input: { id: parent.id, expectedVersion: 1 } })).errors).toBeUndefined();
      expectFieldError(
        await t.gql(CREATE_TASK, { input: { planCode: plan, code: `c-${parentCode}`, title: '子任务', parentTaskId: parent.id } }),
        'BAD_USER_INPUT',
        'parentTaskId',
      );
      const child = await createTask(t, plan);
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: child.id, expectedVersion: 1, parentTaskId: parent.id } }), 'BAD_USER_INPUT', 'parentTaskId');
      const res = await importCsv(`code,title,parentCode\r\nSUB-${parentCode},子任务,${parentCode}\r\n${await codeOf(child.id)},测试任务,${parentCode}\r\n`);
      expect(res.errors).toEqual([
        { row: 2, column: 'parentCode', message: 'the parent task is archived' },
        { row: 3, column: 'parentCode', message: 'the parent task is archived' },
      ]);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM task WHERE parent_id = $1', [dbKey(parent.id)]);
      expect(n).toBe(0);
    });
  });

  describe('dates and versions', () => {
    it('refuses a start after the due date through createTask, updateTask and the import', async () => {
      expectFieldError(
        await t.gql(CREATE_TASK, { input: { planCode: plan, code: `d-${Date.now()}`, title: 't', startDate: '2025-02-01', dueDate: '2025-01-01' } }),
        'BAD_USER_INPUT',
        'dueDate',
      );
      const task = await createTask(t, plan, { dueDate: '2025-01-01' });
      expectFieldError(await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, startDate: '2025-02-01' } }), 'BAD_USER_INPUT', 'startDate');
      const res = await importCsv(`code,title,startDate\r\n${await codeOf(task.id)},测试任务,2025-02-01\r\n`);
      expect(res.errors).toEqual([{ row: 2, column: 'startDate', message: 'must not be after dueDate' }]);
    });

    it('refuses a stale version through recordTaskUpdate, updateTask and the import', async () => {
      const task = await createTask(t, plan);
      await record(task.id, 1, { progress: 5 });
      expectError(await record(task.id, 1, { progress: 6 }), 'VERSION_CONFLICT');
      expectError(await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, title: '新' } }), 'VERSION_CONFLICT');
      const res = await importCsv(`code,title,version\r\n${await codeOf(task.id)},新,1\r\n`);
      expect(res.errors).toEqual([{ row: 2, column: 'version', message: expect.stringMatching(/read at version 1.*now at version 2/) }]);
    });
  });

  it('lists status and progress in changedFields when a report changes them', async () => {
    const task = await createTask(t, plan);
    await record(task.id, 1, { status: 'IN_PROGRESS', progress: 30 });
    await record(task.id, 2, { status: 'DELAYED' });
    await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 3, title: '改名' } });
    const res = await t.gql(HISTORY, { id: task.id });
    expect(res.data.task.history.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { version: 4, changedFields: ['title'] },
      { version: 3, changedFields: ['status'] },
      { version: 2, changedFields: ['status', 'progress'] },
    ]);
  });
});
