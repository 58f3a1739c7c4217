import { buildSchema, isNonNullType, isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';
import { bootTestApp, TestApp } from './support/test-app';

// A field some roles may not read is nullable, so its FORBIDDEN stays on that field instead of nulling its parent.
describe('fields some roles may not read', () => {
  let t: TestApp;
  let planCode: string;
  let taskCode: string;
  let dashboard: string;

  beforeAll(async () => {
    t = await bootTestApp();
    ({ code: planCode } = await createPlan(t));
    const task = await createTask(t, planCode, { leadRegions: ['SH'] });
    taskCode = task.code;
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, progress: 20, note: 'n' } });
    expect(res.errors).toBeUndefined();
    dashboard = await t.keyFor('DASHBOARD');
  });
  afterAll(async () => t.close());

  it('gives a DASHBOARD key its task with FORBIDDEN at the author path only', async () => {
    const res = await t.gql(
      `query($p: String!, $c: String!) { taskByCode(planCode: $p, code: $c) { code progress
        latestUpdate { version author } history(first: 5) { edges { node { version author } } } } }`,
      { p: planCode, c: taskCode },
      dashboard,
    );
    expect(res.data.taskByCode).toEqual({
      code: taskCode,
      progress: 20,
      latestUpdate: { version: 2, author: null },
      history: { edges: [{ node: { version: 2, author: null } }] },
    });
    expect(res.errors!.map((e) => [e.extensions.code, e.path!.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'taskByCode.history.edges.0.node.author'],
      ['FORBIDDEN', 'taskByCode.latestUpdate.author'],
    ]);
  });

  it('declares every role-restricted field nullable in schema.gql', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
    const restricted = [
      ['TaskUpdate', 'author'],
      ['TaskUpdate', 'note'],
      ['TaskUpdate', 'evidenceUrl'],
      ['IndicatorReading', 'note'],
    ];
    for (const [typeName, field] of restricted) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
      expect([field, isNonNullType(type.getFields()[field].type)]).toEqual([field, false]);
    }
  });
});
