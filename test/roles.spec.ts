import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { ADMIN_TOKEN, bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { createArea, createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';

/** A value of the right shape for an argument, so a request gets past GraphQL validation and reaches the guard. */
function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  if (isScalarType(type)) {
    const samples: Record<string, unknown> = { ID: '1', String: 'x', Int: 1, Float: 0.5, Boolean: false, LocalDate: '2024-01-01' };
    if (!(type.name in samples)) throw new Error(`no sample for scalar ${type.name}`);
    return samples[type.name];
  }
  throw new Error(`no sample for ${String(type)}`);
}

/** A request that calls one mutation with its required arguments filled in. */
function callOf(field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type));
  const vars = args.map((a, i) => `$a${i}: ${String(a.type)}`).join(', ');
  const call = args.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    query: `mutation${vars ? `(${vars})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((a, i) => [`a${i}`, sampleValue(a.type)])),
  };
}

const mutationsOf = (schema: GraphQLSchema) => Object.values(schema.getMutationType()!.getFields());

/** The mutations an EDITOR may call at all; the region check inside refuses other regions' tasks. */
const EDITOR_MUTATIONS = ['recordTaskUpdate', 'recordIndicatorReading'];

const NESTED = `query($code: String!) { plan(code: $code) { areas { tasks(first: 5) { edges { node { code
  history(first: 5) { edges { node { version statusTo NOTE_FIELDS } } }
  latestUpdate { version NOTE_FIELDS } } } } } } }`;

describe('roles', () => {
  let t: TestApp;
  let tokens: Record<'DASHBOARD' | 'ANALYST' | 'EDITOR', string>;

  beforeAll(async () => {
    t = await bootTestApp();
    tokens = { DASHBOARD: await t.keyFor('DASHBOARD'), ANALYST: await t.keyFor('ANALYST'), EDITOR: await t.keyFor('EDITOR', ['JS']) };
  });
  afterAll(async () => t.close());

  describe('every mutation in the schema', () => {
    it('includes the write API this suite is about', () => {
      const names = mutationsOf(t.app.get(GraphQLSchemaHost).schema).map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'recordTaskUpdate',
          'createApiKey',
          'revokeApiKey',
          'createPlan',
          'createArea',
          'updateArea',
          'createTask',
          'updateTask',
          'archiveTask',
          'recordEvaluation',
          'recordIndicatorReading',
        ]),
      );
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      for (const field of mutationsOf(t.app.get(GraphQLSchemaHost).schema)) {
        const { query, variables } = callOf(field);
        const res = await t.gql(query, variables, null);
        expect([field.name, res.errors?.map((e) => e.extensions.code)]).toEqual([field.name, ['UNAUTHENTICATED']]);
      }
    });

    it.each(['DASHBOARD', 'ANALYST'] as const)('refuses %s keys with FORBIDDEN', async (role) => {
      for (const field of mutationsOf(t.app.get(GraphQLSchemaHost).schema)) {
        const { query, variables } = callOf(field);
        const res = await t.gql(query, variables, tokens[role]);
        expect([field.name, res.errors?.map((e) => e.extensions.code)]).toEqual([field.name, ['FORBIDDEN']]);
      }
    });

    it('refuses EDITOR keys with FORBIDDEN on every mutation but task updates and indicator readings', async () => {
      const others = mutationsOf(t.app.get(GraphQLSchemaHost).schema).filter((f) => !EDITOR_MUTATIONS.includes(f.name));
      expect(others.length).toBeGreaterThan(5);
      for (const field of others) {
        const { query, variables } = callOf(field);
        const res = await t.gql(query, variables, tokens.EDITOR);
        expect([field.name, res.errors?.map((e) => e.extensions.code)]).toEqual([field.name, ['FORBIDDEN']]);
      }
    });
  });

  describe('EDITOR region scope', () => {
    let jsTask: { id: string };
    let zjTask: { id: string };
    let zjIndicator: string;
    let jsIndicator: string;

    beforeAll(async () => {
      const plan = await createPlan(t);
      jsTask = await createTask(t, plan.code, { leadRegions: ['JS'] });
      zjTask = await createTask(t, plan.code, { leadRegions: ['ZJ', 'AH'] });
      const insert = "INSERT INTO indicator (code, name, unit, task_id) VALUES ($1, 'x', 'km', $2) RETURNING id";
      zjIndicator = nodeId('Indicator', (await t.ds.query(insert, [`ind-${uniq()}`, dbKey(zjTask.id)]))[0].id);
      jsIndicator = nodeId('Indicator', (await t.ds.query(insert, [`ind-${uniq()}`, dbKey(jsTask.id)]))[0].id);
    });

    const READING = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { id } }`;
    const reading = (indicatorId: string) => ({ input: { indicatorId, value: 1, qualifier: 'EXACT', asOf: '2024-12-31' } });

    it("refuses a task update on another region's task with FORBIDDEN and writes nothing", async () => {
      const res = await t.gql(RECORD_UPDATE, { input: { taskId: zjTask.id, expectedVersion: 1, progress: 10 } }, tokens.EDITOR);
      expectError(res, 'FORBIDDEN');
      const [row] = await t.ds.query('SELECT version, (SELECT count(*)::int FROM task_update WHERE task_id = $1) AS n FROM task WHERE id = $1', [
        dbKey(zjTask.id),
      ]);
      expect(row).toEqual({ version: 1, n: 0 });
    });

    it("refuses an indicator reading on another region's task with FORBIDDEN and writes nothing", async () => {
      expectError(await t.gql(READING, reading(zjIndicator), tokens.EDITOR), 'FORBIDDEN');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM indicator_reading WHERE indicator_id = $1', [dbKey(zjIndicator)]);
      expect(n).toBe(0);
    });

    it('accepts both on a task its region leads, and a key with several regions may write for any of them', async () => {
      expect((await t.gql(RECORD_UPDATE, { input: { taskId: jsTask.id, expectedVersion: 1, progress: 10 } }, tokens.EDITOR)).errors).toBeUndefined();
      expect((await t.gql(READING, reading(jsIndicator), tokens.EDITOR)).errors).toBeUndefined();
      const multi = await t.keyFor('EDITOR', ['SH', 'AH']);
      expect((await t.gql(RECORD_UPDATE, { input: { taskId: zjTask.id, expectedVersion: 1, progress: 5 } }, multi)).errors).toBeUndefined();
    });
  });

  describe('update notes and authors', () => {
    let planCode: string;

    beforeAll(async () => {
      const plan = await createPlan(t);
      planCode = plan.code;
      const area = await createArea(t, plan.code);
      const task = await createTask(t, plan.code, { areaCode: area.code, leadRegions: ['SH'] });
      const res = await t.gql(RECORD_UPDATE, {
        input: { taskId: task.id, expectedVersion: 1, progress: 30, note: '内部说明', evidenceUrl: 'https://example.org/evidence' },
      });
      expect(res.errors).toBeUndefined();
    });

    const nested = (fields: string) => NESTED.replaceAll('NOTE_FIELDS', fields);
    const taskNode = (res: any) => res.data.plan.areas[0].tasks.edges[0].node;

    it.each(['note', 'evidenceUrl'])('hides %s from DASHBOARD through plans → areas → tasks → history and latestUpdate', async (field) => {
      const res = await t.gql(nested(field), { code: planCode }, tokens.DASHBOARD);
      expect(res.errors?.map((e) => [e.extensions.code, e.path!.at(-1)])).toEqual([
        ['FORBIDDEN', field],
        ['FORBIDDEN', field],
      ]);
      expect(res.errors!.map((e) => e.path!.join('.')).sort()).toEqual([
        `plan.areas.0.tasks.edges.0.node.history.edges.0.node.${field}`,
        `plan.areas.0.tasks.edges.0.node.latestUpdate.${field}`,
      ]);
      // The rest of the answer still arrives, with the hidden field empty (a first figure moves the task to IN_PROGRESS).
      expect(taskNode(res).history.edges[0].node).toEqual({ version: 2, statusTo: 'IN_PROGRESS', [field]: null });
      expect(taskNode(res).latestUpdate).toEqual({ version: 2, [field]: null });
    });

    it('hides notes from DASHBOARD when reached from the top-level plans list too', async () => {
      const res = await t.gql(
        `{ plans { code areas { tasks(first: 2) { edges { node { history(first: 2) { edges { node { version note } } } latestUpdate { note } } } } } } }`,
        {},
        tokens.DASHBOARD,
      );
      expect(res.errors!.length).toBeGreaterThanOrEqual(2);
      expect(new Set(res.errors!.map((e) => `${e.extensions.code} ${e.path!.at(-1)}`))).toEqual(new Set(['FORBIDDEN note']));
      const paths = res.errors!.map((e) => e.path!.join('.'));
      expect(paths.some((p) => /^plans\.\d+\.areas\.\d+\.tasks\.edges\.\d+\.node\.history\.edges\.\d+\.node\.note$/.test(p))).toBe(true);
      expect(paths.some((p) => /\.node\.latestUpdate\.note$/.test(p))).toBe(true);
      expect(res.raw).not.toContain('内部说明');
    });

    it('hides the author from DASHBOARD', async () => {
      const res = await t.gql(nested('author'), { code: planCode }, tokens.DASHBOARD);
      expect(res.errors!.length).toBeGreaterThan(0);
      expect(new Set(res.errors!.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
      expect(res.raw).not.toContain('bootstrap-admin');
    });

    it('hides them from anonymous callers in public read mode too', async () => {
      const pub = await bootTestApp({ ANONYMOUS_READ: 'true' });
      try {
        const res = await pub.gql(nested('note'), { code: planCode }, null);
        expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
        expect(res.raw).not.toContain('内部说明');
      } finally {
        await pub.close();
      }
    });

    it('shows note, evidence and author to ANALYST', async () => {
      const res = await t.gql(nested('note evidenceUrl author'), { code: planCode }, tokens.ANALYST);
      expect(res.errors).toBeUndefined();
      const expected = { note: '内部说明', evidenceUrl: 'https://example.org/evidence', author: 'bootstrap-admin' };
      expect(taskNode(res).history.edges[0].node).toMatchObject(expected);
      expect(taskNode(res).latestUpdate).toMatchObject(expected);
    });
  });

  describe('indicator reading notes', () => {
    // One rule for notes: a reading's note is hidden where an update's is; its source (the figure's evidence) is not.
    let planCode: string;
    const SOURCE = 'https://example.gov.cn/reading-source';
    const READINGS = `query($code: String!) { plan(code: $code) { indicators { code
      readings { value NOTE_FIELDS source { url } } latestReading { value NOTE_FIELDS }
      task { indicators { readings { value NOTE_FIELDS } } } } } }`;
    const query = (fields: string) => READINGS.replaceAll('NOTE_FIELDS', fields);

    beforeAll(async () => {
      const plan = await createPlan(t);
      planCode = plan.code;
      const task = await createTask(t, plan.code, { leadRegions: ['JS'] });
      const [indicator] = await t.ds.query('INSERT INTO indicator (code, name, unit, plan_id, task_id) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
        `ind-${uniq()}`,
        '里程',
        'km',
        dbKey(plan.id),
        dbKey(task.id),
      ]);
      // Written by an EDITOR of the task's region, who reads the note back like any update note.
      const res = await t.gql(
        `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { note } }`,
        {
          input: { indicatorId: nodeId('Indicator', indicator.id), value: 12, qualifier: 'EXACT', asOf: '2024-12-31', note: '编辑备注', sourceUrl: SOURCE },
        },
        tokens.EDITOR,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.recordIndicatorReading).toEqual({ note: '编辑备注' });
    });

    const expectNotesHidden = (res: any) => {
      expect(res.errors!.length).toBe(3);
      expect(new Set(res.errors!.map((e: any) => `${e.extensions.code} ${e.path.at(-1)}`))).toEqual(new Set(['FORBIDDEN note']));
      expect(res.raw).not.toContain('编辑备注');
      // The figure and its source still arrive.
      expect(res.data.plan.indicators[0].readings).toEqual([{ value: 12, note: null, source: { url: SOURCE } }]);
    };

    it('hides reading notes from DASHBOARD on every path, and shows their source', async () => {
      expectNotesHidden(await t.gql(query('note'), { code: planCode }, tokens.DASHBOARD));
    });

    it('hides reading notes from anonymous callers in public read mode', async () => {
      const pub = await bootTestApp({ ANONYMOUS_READ: 'true' });
      try {
        expectNotesHidden(await pub.gql(query('note'), { code: planCode }, null));
      } finally {
        await pub.close();
      }
    });

    it('shows reading notes to ANALYST, EDITOR and ADMIN', async () => {
      for (const token of [tokens.ANALYST, tokens.EDITOR, ADMIN_TOKEN]) {
        const res = await t.gql(query('note'), { code: planCode }, token);
        expect(res.errors).toBeUndefined();
        expect(res.data.plan.indicators[0].latestReading).toEqual({ value: 12, note: '编辑备注' });
      }
    });
  });

  describe('tokens', () => {
    const QUERY = '{ plans { code } }';

    it('refuses a wrong token and a malformed header with UNAUTHENTICATED', async () => {
      expectError(await t.gql(QUERY, {}, `apt_${'x'.repeat(43)}`), 'UNAUTHENTICATED');
      const res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', authorization: 'Basic Zm9vOmJhcg==' },
          payload: JSON.stringify({ query: QUERY }),
        });
      expect(JSON.parse(res.body).errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a revoked token with UNAUTHENTICATED, right after revocation', async () => {
      const created = await t.gql(`mutation { createApiKey(input: { name: "to-revoke", role: ANALYST }) { token apiKey { id } } }`);
      const { token, apiKey } = created.data.createApiKey;
      expect((await t.gql(QUERY, {}, token)).errors).toBeUndefined();
      const revoked = await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id });
      expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
      expectError(await t.gql(QUERY, {}, token), 'UNAUTHENTICATED');
      expectError(await t.gql(RECORD_UPDATE, { input: { taskId: '1', expectedVersion: 1, progress: 1 } }, token), 'UNAUTHENTICATED');
    });

    it('lets only ADMIN list keys, and never shows a token or its hash', async () => {
      const res = await t.gql('{ apiKeys { id name role regions tokenPrefix } }');
      expect(res.errors).toBeUndefined();
      expect(res.raw).not.toContain(ADMIN_TOKEN);
      expect(res.raw).not.toMatch(/[0-9a-f]{64}/);
      for (const role of ['DASHBOARD', 'ANALYST', 'EDITOR'] as const) expectError(await t.gql('{ apiKeys { id } }', {}, tokens[role]), 'FORBIDDEN');
      expectError(await t.gql('{ apiKeys { id } }', {}, null), 'UNAUTHENTICATED');
    });

    it('lets only ADMIN create and revoke keys', async () => {
      const create = `mutation { createApiKey(input: { name: "x", role: ADMIN }) { token } }`;
      for (const role of ['DASHBOARD', 'ANALYST', 'EDITOR'] as const) expectError(await t.gql(create, {}, tokens[role]), 'FORBIDDEN');
      const created = await t.gql(`mutation { createApiKey(input: { name: "ok", role: DASHBOARD }) { apiKey { id } } }`);
      const revoke = `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`;
      for (const role of ['DASHBOARD', 'ANALYST', 'EDITOR'] as const) {
        expectError(await t.gql(revoke, { id: created.data.createApiKey.apiKey.id }, tokens[role]), 'FORBIDDEN');
      }
      const [row] = await t.ds.query('SELECT revoked_at FROM api_key WHERE id = $1', [dbKey(created.data.createApiKey.apiKey.id)]);
      expect(row.revoked_at).toBeNull();
    });
  });

  describe('public read mode (ANONYMOUS_READ=true)', () => {
    let pub: TestApp;
    beforeAll(async () => {
      pub = await bootTestApp({ ANONYMOUS_READ: 'true' });
    });
    afterAll(async () => pub.close());

    it('gives anonymous callers the DASHBOARD view', async () => {
      const res = await pub.gql('{ plans { code areas { code } } }', {}, null);
      expect(res.errors).toBeUndefined();
      expect(res.data.plans.length).toBeGreaterThan(0);
      expectError(await pub.gql('{ apiKeys { id } }', {}, null), 'FORBIDDEN');
    });

    it('still refuses every mutation to anonymous callers', async () => {
      for (const field of mutationsOf(pub.app.get(GraphQLSchemaHost).schema)) {
        const { query, variables } = callOf(field);
        const res = await pub.gql(query, variables, null);
        expect([field.name, res.errors?.map((e) => e.extensions.code)]).toEqual([field.name, ['FORBIDDEN']]);
      }
    });

    it('still refuses a wrong token with UNAUTHENTICATED', async () => {
      expectError(await pub.gql('{ plans { code } }', {}, `apt_${'y'.repeat(43)}`), 'UNAUTHENTICATED');
    });
  });
});
