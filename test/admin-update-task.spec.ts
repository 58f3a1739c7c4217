// updateTask: the admin edit of a task, through TaskWriter (one version bump, one ADMIN history row).
import { bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { createArea, createPlan, createTask, expectFieldError, HISTORY, taskState, UPDATE_TASK } from './support/admin-fixtures';

describe('admin CRUD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

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
        title: '新标题',
        version: 2,
        leadRegions: [{ code: 'SH' }, { code: 'AH' }],
        area: { code: area.code },
        areaBasis: 'STATED',
        dueDate: '2026-06-30',
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
});
