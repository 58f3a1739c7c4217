import { bootTestApp, expectError, nodeId, TestApp } from './support/test-app';
import { badCases, createPlan, createTask, expectFieldError, NOT_A_DATE, NOT_AN_INT, NOT_IN_ENUM, taskState, tomorrow } from './support/admin-fixtures';

const RECORD = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { id version } }`;

describe('recordTaskUpdate input validation', () => {
  let t: TestApp;
  let task: { id: string };
  let completed: { id: string };

  beforeAll(async () => {
    t = await bootTestApp();
    const plan = await createPlan(t);
    task = await createTask(t, plan.code, { leadRegions: ['JS'] });
    // One accepted update first, so "unchanged" means version 2 and one history row, not an empty task.
    expect((await t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 40, note: 'ok' } })).errors).toBeUndefined();
    completed = await createTask(t, plan.code, { leadRegions: ['JS'] });
    expect((await t.gql(RECORD, { input: { taskId: completed.id, expectedVersion: 1, status: 'COMPLETED' } })).errors).toBeUndefined();
  });
  afterAll(async () => t.close());

  const valid = () => ({ taskId: task.id, expectedVersion: 2 });

  it.each(
    badCases([
      ['progress', { progress: -1 }],
      ['progress', { progress: 101 }],
      [NOT_AN_INT, { progress: 50.5 }],
      [NOT_AN_INT, { progress: '50' }],
      ['progress', { status: 'COMPLETED', progress: 80 }],
      ['evidenceUrl', { evidenceUrl: 'javascript:alert(1)' }],
      ['evidenceUrl', { evidenceUrl: 'ftp://example.org/report.pdf' }],
      ['evidenceUrl', { evidenceUrl: 'not a url' }],
      ['note', { note: 'x'.repeat(4001) }],
      ['occurredOn', { progress: 50, occurredOn: tomorrow() }],
      [NOT_A_DATE, { progress: 50, occurredOn: '2024-02-30' }],
      [NOT_A_DATE, { progress: 50, occurredOn: '2024-1-5' }],
      [NOT_IN_ENUM, { status: 'DONE' }],
      ['taskId', { taskId: 'abc', progress: 50 }],
      ['taskId', { taskId: '0', progress: 50 }],
      ['expectedVersion', { expectedVersion: 0, progress: 50 }],
      ['input', {}],
      ['input', { occurredOn: '2024-01-01' }],
    ]),
  )('refuses $label with BAD_USER_INPUT naming the field, and changes nothing', async ({ field, bad }) => {
    const before = await taskState(t, task.id);
    expectFieldError(await t.gql(RECORD, { input: { ...valid(), ...bad } }), 'BAD_USER_INPUT', field);
    expect(await taskState(t, task.id)).toEqual(before);
    expect(before).toMatchObject({ version: 2, history: 1, progress: 40 });
  });

  it('accepts a 4,000-character note and an occurredOn of today, so the limits above are the limits', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await t.gql(RECORD, { input: { taskId: completed.id, expectedVersion: 2, note: 'x'.repeat(4000), occurredOn: today } });
    expect(res.errors).toBeUndefined();
    expect(await taskState(t, completed.id)).toMatchObject({ version: 3, history: 2 });
  });

  it('refuses to lower the progress of a COMPLETED task without changing its status', async () => {
    const before = await taskState(t, completed.id);
    expectFieldError(await t.gql(RECORD, { input: { taskId: completed.id, expectedVersion: before.version, progress: 80 } }), 'BAD_USER_INPUT', 'progress');
    expect(await taskState(t, completed.id)).toEqual(before);
  });

  it('refuses an unknown task with NOT_FOUND and changes nothing', async () => {
    expectError(await t.gql(RECORD, { input: { taskId: nodeId('Task', 999999999), expectedVersion: 2, progress: 5 } }), 'NOT_FOUND');
    expect(await taskState(t, task.id)).toMatchObject({ version: 2, history: 1, progress: 40 });
  });

  it('refuses an id beyond the integer range with BAD_USER_INPUT', async () => {
    expectFieldError(await t.gql(RECORD, { input: { taskId: '9999999999', expectedVersion: 1, progress: 5 } }), 'BAD_USER_INPUT', 'taskId');
  });
});
