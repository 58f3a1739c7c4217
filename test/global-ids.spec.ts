import { fromGlobalId, toGlobalId } from '../src/common/global-id';
import { createArea, createPlan, createTask, RECORD_UPDATE, UPDATE_TASK } from './support/admin-fixtures';
import { bootTestApp, expectError, nodeId, TestApp } from './support/test-app';

describe('global ids (codec)', () => {
  it('round-trips a key and refuses anything not canonical', () => {
    expect(toGlobalId('Task', 7)).toBe('VGFzazo3');
    expect(fromGlobalId('VGFzazo3')).toEqual({ type: 'Task', key: '7' });
    for (const bad of [
      '7',
      '',
      'VGFzazo3=',
      'VGFzazo3+',
      toGlobalId('Task', 'x'),
      Buffer.from('Task:07').toString('base64url'),
      Buffer.from('Task:2147483648').toString('base64url'),
      Buffer.from('Nope:1').toString('base64url'),
    ]) {
      expect([bad, fromGlobalId(bad)]).toEqual([bad, null]);
    }
  });
});

describe('global ids and node(id:)', () => {
  let t: TestApp;
  let plan: { id: string; code: string };
  let area: { id: string; code: string };
  let task: { id: string; code: string; version: number };
  let dashboard: string;

  const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Task { code } ... on Area { code } ... on Plan { code }
    ... on Region { regionCode: code } ... on ApiKey { name } ... on TaskUpdate { version } } }`;

  beforeAll(async () => {
    t = await bootTestApp();
    plan = await createPlan(t);
    area = await createArea(t, plan.code);
    task = await createTask(t, plan.code, { areaCode: area.code, leadRegions: ['SH'] });
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, progress: 10 } });
    expect(res.errors).toBeUndefined();
    dashboard = await t.keyFor('DASHBOARD');
  });
  afterAll(async () => t.close());

  it('gives objects of different types different ids, even with the same database key', async () => {
    const [{ id }] = await t.ds.query('SELECT id FROM area WHERE id = (SELECT min(id) FROM area)');
    expect(nodeId('Area', id)).not.toBe(nodeId('Task', id));
    const res = await t.gql(
      `query($p: String!, $c: String!) { taskByCode(planCode: $p, code: $c) { id area { id } plan { id }
      leadRegions { id code } source { id } latestUpdate { id } } }`,
      { p: plan.code, c: task.code },
    );
    const got = res.data.taskByCode;
    expect([got.id, got.area.id, got.plan.id]).toEqual([task.id, area.id, plan.id]);
    expect(got.leadRegions).toEqual([{ id: nodeId('Region', 'SH'), code: 'SH' }]);
    expect(fromGlobalId(got.latestUpdate.id)?.type).toBe('TaskUpdate');
    expect(fromGlobalId(task.id)?.type).toBe('Task');
  });

  it('gives sources an id', async () => {
    const res = await t.gql(`{ plans { source { id title } } }`);
    const sources = res.data.plans.map((p: any) => p.source).filter(Boolean);
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(fromGlobalId(s.id)?.type).toBe('Source');
  });

  it('fetches every kind of object by node(id:), and its id is the one asked for', async () => {
    const update = (await t.gql(`query($id: ID!) { task(id: $id) { latestUpdate { id } } }`, { id: task.id })).data.task.latestUpdate.id;
    const cases: [string, Record<string, unknown>][] = [
      [task.id, { __typename: 'Task', code: task.code }],
      [area.id, { __typename: 'Area', code: area.code }],
      [plan.id, { __typename: 'Plan', code: plan.code }],
      [nodeId('Region', 'ZJ'), { __typename: 'Region', regionCode: 'ZJ' }],
      [update, { __typename: 'TaskUpdate', version: 2 }],
    ];
    for (const [id, expected] of cases) {
      const res = await t.gql(NODE, { id }, dashboard);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({ id, ...expected });
    }
  });

  it('answers null for a record that does not exist, BAD_USER_INPUT for a malformed id, NOT_FOUND for a foreign one', async () => {
    const missing = await t.gql(NODE, { id: nodeId('Task', 999999999) });
    expect([missing.errors, missing.data.node]).toEqual([undefined, null]);
    expectError(await t.gql(NODE, { id: '7' }), 'BAD_USER_INPUT');
    expectError(await t.gql(NODE, { id: Buffer.from('Task:abc').toString('base64url') }), 'BAD_USER_INPUT');
    expectError(await t.gql(NODE, { id: Buffer.from('User:7').toString('base64url') }), 'NOT_FOUND');
  });

  it("keeps to the roles of the type's own query: API keys for ADMIN only", async () => {
    const keys = (await t.gql(`{ apiKeys { id name } }`)).data.apiKeys;
    const res = await t.gql(NODE, { id: keys[0].id });
    expect(res.data.node).toEqual({ __typename: 'ApiKey', id: keys[0].id, name: keys[0].name });
    expectError(await t.gql(NODE, { id: keys[0].id }, dashboard), 'FORBIDDEN');
  });

  it('fetches several by nodes(ids:), each error kept to its own entry', async () => {
    const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [task.id, 'bad', nodeId('Task', 999999999), area.id] });
    expect(res.data.nodes).toEqual([{ id: task.id }, null, null, { id: area.id }]);
    expect(res.errors!.map((e) => [e.extensions.code, e.path!.join('.')])).toEqual([['BAD_USER_INPUT', 'nodes.1']]);
    expectError(await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill(task.id) }), 'BAD_USER_INPUT');
  });

  it.each([
    ['task(id:)', `query($id: ID!) { task(id: $id) { code } }`, (id: string) => ({ id })],
    ['recordTaskUpdate taskId', RECORD_UPDATE, (id: string) => ({ input: { taskId: id, expectedVersion: 2, progress: 20 } })],
    ['updateTask id', UPDATE_TASK, (id: string) => ({ input: { id, expectedVersion: 2, title: 'x' } })],
  ])('refuses the id of another type in %s with BAD_USER_INPUT', async (_what, doc, vars) => {
    expectError(await t.gql(doc, vars(area.id)), 'BAD_USER_INPUT');
    expectError(await t.gql(doc, vars('7')), 'BAD_USER_INPUT');
  });

  it('refuses an area id as parentTaskId and a task id in updateArea and revokeApiKey', async () => {
    expectError(await t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 2, parentTaskId: area.id } }), 'BAD_USER_INPUT');
    expectError(await t.gql(`mutation($id: ID!) { updateArea(input: { id: $id, name: "x" }) { id } }`, { id: task.id }), 'BAD_USER_INPUT');
    expectError(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: task.id }), 'BAD_USER_INPUT');
  });
});
