import { execFile } from 'node:child_process';
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';
import { bootTestApp, expectError, TestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const SCHEMA = join(ROOT, 'schema.gql');

// The real clients' tools, on the committed schema.gql: what they refuse, a client cannot use.
describe('schema.gql with client tooling', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracker-clients-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('compiles with the Relay compiler: @connection on tasks and Task.history, refetchable through node(id:)', async () => {
    await cp(join(__dirname, 'clients', 'relay', 'src'), join(dir, 'relay', 'src'), { recursive: true });
    await mkdir(join(dir, 'relay', '__generated__'));
    await writeFile(
      join(dir, 'relay', 'relay.config.json'),
      JSON.stringify({ src: './src', schema: SCHEMA, language: 'typescript', artifactDirectory: './__generated__' }),
    );
    const bin = join(ROOT, 'node_modules', '.bin', 'relay-compiler');
    const out = await run(bin, [], { cwd: join(dir, 'relay') }).catch((err) => err);
    expect([out.code ?? 0, out.stderr]).toEqual([0, expect.not.stringMatching(/ERROR/)]);
    const artifact = await readFile(join(dir, 'relay', '__generated__', 'TaskListPaginationQuery.graphql.ts'), 'utf8');
    expect(artifact).toMatch(/"connection"/);
    // Task's history refetches through node(id:): Relay accepts that only for a type that implements Node.
    expect(await readFile(join(dir, 'relay', '__generated__', 'TaskHistoryPaginationQuery.graphql.ts'), 'utf8')).toMatch(/node\(id: \$id\)/);
  }, 60_000);

  it('generates strict TypeScript types with graphql-codegen', async () => {
    const output = join(dir, 'codegen', 'types.ts');
    const config = {
      schema: SCHEMA,
      documents: join(__dirname, 'clients', 'codegen', '*.graphql'),
      generates: {
        [output]: {
          plugins: ['typescript', 'typescript-operations'],
          config: { strictScalars: true, scalars: { DateTime: 'string', LocalDate: 'string' }, avoidOptionals: true },
        },
      },
    };
    await mkdir(join(dir, 'codegen'), { recursive: true });
    await writeFile(join(dir, 'codegen', 'codegen.json'), JSON.stringify(config));
    const bin = join(ROOT, 'node_modules', '.bin', 'graphql-codegen');
    await run(bin, ['--config', join(dir, 'codegen', 'codegen.json'), '--silent'], { cwd: ROOT });
    const types = await readFile(output, 'utf8');
    expect(types).toMatch(/hasPreviousPage: boolean/);
    expect(types).toMatch(/export type HistoryQuery\b/);
  }, 60_000);
});

describe('Relay connections', () => {
  let t: TestApp;
  let planCode: string;
  let taskId: string;
  let codes: string[];

  const PAGE = `query($p: String, $first: Int, $after: String, $last: Int, $before: String) {
    tasks(planCode: $p, first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } } } }`;
  const codesOf = (res: any) => res.data.tasks.edges.map((e: any) => e.node.code);

  beforeAll(async () => {
    t = await bootTestApp();
    ({ code: planCode } = await createPlan(t));
    codes = [];
    for (let i = 1; i <= 5; i++) {
      const task = await createTask(t, planCode, { code: `T0${i}`, leadRegions: ['SH'] });
      codes.push(task.code);
      taskId ??= task.id;
    }
    for (let v = 1; v <= 4; v++) {
      const res = await t.gql(RECORD_UPDATE, { input: { taskId, expectedVersion: v, progress: v * 10 } });
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(async () => t.close());

  it('pages forward with start and end cursors', async () => {
    const res = await t.gql(PAGE, { p: planCode, first: 2 });
    expect(codesOf(res)).toEqual(['T01', 'T02']);
    const { pageInfo, edges } = res.data.tasks;
    expect(pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: edges[0].cursor, endCursor: edges[1].cursor });
  });

  it("pages backward with last and before, in the list's order", async () => {
    const end = await t.gql(PAGE, { p: planCode, last: 2 });
    expect(codesOf(end)).toEqual(['T04', 'T05']);
    expect(end.data.tasks.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await t.gql(PAGE, { p: planCode, last: 2, before: end.data.tasks.pageInfo.startCursor });
    expect(codesOf(before)).toEqual(['T02', 'T03']);
    const first = await t.gql(PAGE, { p: planCode, last: 2, before: before.data.tasks.pageInfo.startCursor });
    expect(codesOf(first)).toEqual(['T01']);
    expect(first.data.tasks.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
  });

  it('pages backward in a descending order and with a search', async () => {
    const desc = await t.gql(`query($p: String) { tasks(planCode: $p, orderBy: CODE_DESC, last: 2) { edges { node { code } } } }`, { p: planCode });
    expect(codesOf(desc)).toEqual(['T02', 'T01']);
    const search = await t.gql(`query($p: String) { tasks(planCode: $p, filter: { search: "测试" }, last: 3) { totalCount edges { node { code } } } }`, {
      p: planCode,
    });
    expect([search.data.tasks.totalCount, codesOf(search)]).toEqual([5, ['T03', 'T04', 'T05']]);
  });

  it("pages an area's tasks backward", async () => {
    const res = await t.gql(`query($p: String!) { plan(code: $p) { areas { code } } }`, { p: planCode });
    expect(res.data.plan.areas).toEqual([]);
    const seed = await t.gql(
      `{ plan(code: "yrd-2024-2026") { areas { tasks(first: 20) { edges { node { code } } } last: tasks(last: 2) { edges { node { code } } } } } }`,
    );
    const area = seed.data.plan.areas[0];
    expect(area.last.edges.map((e: any) => e.node.code)).toEqual(area.tasks.edges.slice(-2).map((e: any) => e.node.code));
  });

  it("pages a task's history backward: the oldest versions, newest first", async () => {
    const H = `query($id: ID!, $last: Int, $before: String) { task(id: $id) { history(last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { version } } } } }`;
    const end = await t.gql(H, { id: taskId, last: 2 });
    expect(end.data.task.history.edges.map((e: any) => e.node.version)).toEqual([3, 2]);
    expect(end.data.task.history.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await t.gql(H, { id: taskId, last: 2, before: end.data.task.history.pageInfo.startCursor });
    expect(before.data.task.history.edges.map((e: any) => e.node.version)).toEqual([5, 4]);
    expect(before.data.task.history.pageInfo.hasPreviousPage).toBe(false);
  });

  it.each([
    ['first and last together', { first: 2, last: 2 }],
    ['after and before together', { after: 'x', before: 'y' }],
    ['last with after', { last: 2, after: 'x' }],
    ['last over the page size cap', { last: 101 }],
    ['a negative last', { last: -1 }],
    ['a before cursor that is not one', { last: 2, before: 'not-a-cursor' }],
  ])('refuses %s with BAD_USER_INPUT', async (_what, args) => {
    expectError(await t.gql(PAGE, { p: planCode, ...args }), 'BAD_USER_INPUT');
  });
});
