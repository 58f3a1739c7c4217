// Property-based fuzzing of every argument and input of the API, read from the live schema (so mutations added
// later are fuzzed too). Each case is sent twice: as variables and as inline literals. Every reply must be data or
// errors with a known code other than INTERNAL_SERVER_ERROR, never a 5xx; afterwards the seed data is unchanged.
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isLeafType,
} from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ErrorCode } from '../src/common/errors/error-code.enum';
import { ADMIN_TOKEN, bootTestApp, GqlReply, TestApp, uniq } from './support/test-app';

const SEED_PLANS = ['yrd-2018-2020', 'yrd-2021-2023', 'yrd-2024-2026'];
const ALLOWED = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));
// What the server itself could leak; the fuzzed input (SQL text included) may be echoed back in messages.
const LEAK =
  /\bat \S+ \(|node_modules|QueryFailedError|syntax error at or near|violates \S+ (key )?constraint|duplicate key value|relation "|column "|invalid input syntax|invalid byte sequence/;
const QUERY_RUNS = 2000;
const MUTATION_RUNS = 3000;
const REST_RUNS = 1500;

/** Fingerprint of every seeded row a request could touch: plans, areas, tasks, their regions, history, figures. */
const SEED_CHECKSUM = `
  WITH p AS (SELECT * FROM plan WHERE code = ANY($1)), t AS (SELECT * FROM task WHERE plan_id IN (SELECT id FROM p)),
  i AS (SELECT * FROM indicator WHERE plan_id IN (SELECT id FROM p) OR task_id IN (SELECT id FROM t))
  SELECT md5(string_agg(x, '|' ORDER BY x)) AS sum, count(*)::int AS n FROM (
    SELECT 'p' || p::text AS x FROM p
    UNION ALL SELECT 'a' || a::text FROM area a WHERE a.plan_id IN (SELECT id FROM p)
    UNION ALL SELECT 't' || t::text FROM t
    UNION ALL SELECT 'l' || l::text FROM task_lead_region l WHERE l.task_id IN (SELECT id FROM t)
    UNION ALL SELECT 'u' || u::text FROM task_update u WHERE u.task_id IN (SELECT id FROM t)
    UNION ALL SELECT 'e' || e::text FROM evaluation e WHERE e.plan_id IN (SELECT id FROM p)
    UNION ALL SELECT 'i' || i::text FROM i
    UNION ALL SELECT 'r' || r::text FROM indicator_reading r WHERE r.indicator_id IN (SELECT id FROM i)
    UNION ALL SELECT 'g' || g::text FROM region g
  ) rows`;

// ---------------------------------------------------------------------------------------------------------------
// Hostile values

const INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE task; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)--',
  "') UNION SELECT token_hash FROM api_key--",
  '$1',
  '%',
  '_',
  '\\',
  '%%',
  '\\%',
  "E'\\\\x00'",
  '::text',
  '/*',
  '*/',
  '--',
  ';',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202e',
  '\ufeff',
  '🙂'.repeat(50),
  '长三角一体化',
  'İ',
  'ß',
  '\r\n',
  '\t',
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '2024-02-30',
  '../../etc/passwd',
  'http://',
  'https://x',
  'https://example.org/' + 'a'.repeat(3000),
  'yesterday',
  'now',
  'infinity',
  '-infinity',
  'epoch',
  '0000-00-00',
  '9999-12-31',
];

const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '长', '🙂', "'", '\u0000'), fc.integer({ min: 65, max: 20_000 })).map(([c, n]) => c.repeat(n)) },
);

const hugeNumbers = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  100,
  101,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  -(2 ** 53),
  1e15,
  1e16,
  1e300,
  -1e300,
  0.5,
  1e-7,
  3.14159265358979,
);
const anyInt = fc.oneof(fc.integer(), hugeNumbers, fc.integer({ min: -5, max: 200 }));
const anyFloat = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hugeNumbers, fc.double({ min: -1, max: 2, noNaN: true }));
const anyDate = fc.oneof(
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom(
    '2024-02-29',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-1-1',
    '10000-01-01',
    '0000-01-01',
    '1900-01-01',
    '2099-12-31',
    '2024-06-15T00:00:00Z',
  ),
  nastyString,
);

/** Safe JSON values of the wrong shape; never a small positive integer (an ID variable coerces 5 to "5"). */
const wrongType: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n) || n <= 0 || n > 2 ** 31),
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.stringMatching(/^[_a-zA-Z][_a-zA-Z0-9]{0,8}$/), tie('value'), { maxKeys: 4 }),
  ),
})).value;

// ---------------------------------------------------------------------------------------------------------------
// Values for a GraphQL input type, from the schema

interface Context {
  /** Writes must not reach seed records: every id or plan code a mutation gets is ours, malformed or absent. */
  write: boolean;
  ids: { task: string[]; area: string[]; indicator: string[] };
  planCodes: string[];
  cursors: string[];
}

const MALFORMED_IDS = [
  '0',
  '-1',
  '01',
  ' 1',
  '1 ',
  '1.0',
  '1e3',
  '0x10',
  '2147483648',
  '99999999999',
  '１２',
  'abc',
  '',
  'null',
  '00000000-0000-0000-0000-000000000000',
];
const ABSENT_IDS = ['2147483647', '2000000000', '987654321'];

function idArb(ctx: Context, field: string, owner: string): fc.Arbitrary<unknown> {
  const entity =
    /task/i.test(field) || /Task/.test(owner)
      ? 'task'
      : /indicator/i.test(field) || /Indicator/.test(owner)
        ? 'indicator'
        : /Area/.test(owner)
          ? 'area'
          : undefined;
  const ours = entity ? ctx.ids[entity] : [];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_IDS, ...ABSENT_IDS) },
    { weight: ours.length ? 3 : 0, arbitrary: fc.constantFrom(...(ours.length ? ours : ['0'])) },
    // Reads may name any record, seed ones included.
    { weight: ctx.write ? 0 : 3, arbitrary: fc.integer({ min: 1, max: 400 }).map(String) },
    { weight: 1, arbitrary: nastyString.filter((s) => !/^\s*\+?\d+\s*$/.test(s)) },
  );
}

function stringArb(ctx: Context, field: string): fc.Arbitrary<unknown> {
  if (field === 'after') return fc.oneof(fc.constantFrom(...ctx.cursors), tamperedCursor(ctx), nastyString);
  if (/planCode/i.test(field)) {
    return fc.oneof(
      fc.constantFrom(...(ctx.write ? ctx.planCodes : [...ctx.planCodes, ...SEED_PLANS])),
      nastyString.filter((s) => !SEED_PLANS.includes(s)),
    );
  }
  if (/url/i.test(field))
    return fc.oneof(fc.webUrl(), fc.constantFrom('ftp://x', 'javascript:alert(1)', 'http://' + 'a'.repeat(3000), 'https://例え.jp/路径?q=\'"'), nastyString);
  if (/code/i.test(field)) return fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,70}$/), nastyString);
  return nastyString;
}

/** Cursors that decode to something almost right: wrong order, key shapes, ids. */
function tamperedCursor(ctx: Context): fc.Arbitrary<string> {
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');
  const order = fc.constantFrom('CODE_ASC', 'DUE_DATE_ASC', 'PROGRESS_DESC', 'UPDATED_AT_ASC', 'history', 'x');
  const key = fc.oneof(
    fc.constantFrom(null, 'yesterday', '2024-02-30', '1 day', "x' OR 1=1 --", '101', '-2', 5, 1e300, 'x'.repeat(300)),
    nastyString,
    fc.constant({ a: 1 }),
    fc.constant([1]),
  );
  const id = fc.oneof(fc.constantFrom(0, -1, 1.5, 2 ** 53, '1', null), fc.integer());
  return fc.oneof(
    fc.tuple(order, key, id).map(b64),
    fc.oneof(fc.jsonValue(), nastyString).map(b64),
    fc.constantFrom(...ctx.cursors).map((c) => c.slice(0, -2) + 'AA'),
    fc.constantFrom(...ctx.cursors).map((c) => c + c),
    fc.constant('A'.repeat(600)),
  );
}

function valueArb(type: GraphQLInputType, ctx: Context, field: string, owner: string, depth = 0): fc.Arbitrary<unknown> {
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let good: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    good = fc.array(valueArb(inner.ofType as GraphQLInputType, ctx, field, owner, depth + 1), { maxLength: depth > 1 ? 2 : 8 });
  } else if (isInputObjectType(inner)) {
    good = depth > 3 ? fc.constant({}) : inputObjectArb(inner.getFields(), ctx, inner.name, depth + 1);
  } else if (isEnumType(inner)) {
    good = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: fc.constantFrom('', 'code_asc', 'ALL', 'NULL', 'SH ', '__typename') },
    );
  } else if (isScalarType(inner)) {
    good =
      inner.name === 'Int'
        ? anyInt
        : inner.name === 'Float'
          ? anyFloat
          : inner.name === 'Boolean'
            ? fc.boolean()
            : inner.name === 'ID'
              ? idArb(ctx, field, owner)
              : inner.name === 'LocalDate'
                ? anyDate
                : inner.name === 'DateTime'
                  ? fc.oneof(
                      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                      nastyString,
                    )
                  : stringArb(ctx, field);
  } else {
    good = nastyString;
  }
  return fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: wrongType }, { weight: required ? 1 : 2, arbitrary: fc.constant(null) });
}

/** An object of some of the fields (required ones usually there), sometimes with an unknown field. */
function inputObjectArb(
  fields: Record<string, GraphQLInputField | GraphQLArgument>,
  ctx: Context,
  owner: string,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.values(fields);
  return fc
    .tuple(
      ...entries.map((f) =>
        fc.oneof(
          { weight: isNonNullType(f.type) ? 12 : 4, arbitrary: valueArb(f.type, ctx, f.name, owner, depth).map((v) => ({ present: true, v })) },
          { weight: 1, arbitrary: fc.constant({ present: false, v: undefined as unknown }) },
        ),
      ),
      fc.option(fc.tuple(fc.constantFrom('extra', 'id2', '__proto__', 'constructor'), wrongType), { freq: 8 }),
    )
    .map(([...parts]) => {
      const extra = parts.pop() as [string, unknown] | null;
      const obj: Record<string, unknown> = {};
      (parts as { present: boolean; v: unknown }[]).forEach((p, i) => {
        if (p.present) obj[entries[i].name] = p.v;
      });
      if (extra && extra[0] !== '__proto__' && extra[0] !== 'constructor') obj[extra[0]] = extra[1];
      return obj;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Documents: the same case as variables and as inline literals

function typeRef(type: GraphQLInputType): string {
  return type.toString();
}

function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const named = type ? getNamedType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  const inner = type ? (getNullableType(type) as GraphQLInputType) : undefined;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner && isListType(inner) ? (inner.ofType as GraphQLInputType) : undefined)).join(', ')}]`;
  const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
  return `{ ${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`)
    .join(', ')} }`;
}

/**
 * A small selection: enough to run the field's own resolver and its cursors; nested resolvers are not what is
 * fuzzed here, and every extra statement slows the run (PGlite answers one statement at a time).
 */
function selection(type: GraphQLNamedType): string {
  if (!isObjectType(type)) return '';
  const fields = (type as GraphQLObjectType).getFields();
  if (fields.edges) return '{ __typename totalCount pageInfo { endCursor hasNextPage } edges { cursor } }';
  const leaves = ['id', 'code', 'version', 'token'].filter((f) => fields[f] && isLeafType(getNamedType(fields[f].type)));
  return `{ __typename ${leaves.join(' ')} }`;
}

interface Operation {
  kind: 'query' | 'mutation';
  /** Where the fuzzed field sits, e.g. ['tasks'] or ['plan(code: "yrd-2024-2026")', 'areas', 'tasks']. */
  path: string[];
  field: GraphQLField<unknown, unknown>;
}

function documents(op: Operation, args: Record<string, unknown>): { variables: [string, Record<string, unknown>]; inline: string } {
  const defs = op.field.args.filter((a) => a.name in args);
  const varDefs = defs.map((a) => `$${a.name}: ${typeRef(a.type)}`).join(', ');
  const call = (render: (a: GraphQLArgument) => string) => (defs.length ? `(${defs.map((a) => `${a.name}: ${render(a)}`).join(', ')})` : '');
  const sel = selection(getNamedType(op.field.type));
  const wrap = (inner: string) => op.path.slice(0, -1).reduceRight((acc, p) => `${p} { ${acc} }`, inner);
  const leaf = op.path[op.path.length - 1];
  return {
    variables: [`${op.kind}${varDefs ? `(${varDefs})` : ''} { ${wrap(`${leaf}${call((a) => `$${a.name}`)} ${sel}`)} }`, args],
    inline: `${op.kind} { ${wrap(`${leaf}${call((a) => literal(args[a.name], a.type))} ${sel}`)} }`,
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe('fuzzing every argument and input', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let ctxRead: Context;
  let ctxWrite: Context;
  let editor: string;
  let seedBefore: { sum: string; n: number };
  let sent = 0;
  const codes = new Map<string, number>();

  function check(res: GqlReply, doc: string, variables?: unknown) {
    sent += 1;
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`HTTP ${res.status}`);
    if (!res.errors && (res.data === undefined || res.data === null)) problems.push('neither data nor errors');
    for (const e of res.errors ?? []) {
      const code = e.extensions?.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (!ALLOWED.has(code)) problems.push(`code ${code}: ${e.message}`);
    }
    if (LEAK.test(res.raw)) problems.push('stack trace or SQL in the reply');
    if (problems.length) {
      throw new Error(`${problems.join('; ')}\n${doc.slice(0, 2000)}\n${JSON.stringify(variables)?.slice(0, 2000)}\n${res.raw.slice(0, 1000)}`);
    }
  }

  async function run(op: Operation, args: Record<string, unknown>, token?: string) {
    const { variables, inline } = documents(op, args);
    const [byVariables, byLiterals] = await Promise.all([t.gql(variables[0], variables[1], token), t.gql(inline, undefined, token)]);
    check(byVariables, variables[0], variables[1]);
    check(byLiterals, inline);
  }

  beforeAll(async () => {
    t = await bootTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
    [seedBefore] = await t.ds.query(SEED_CHECKSUM, [SEED_PLANS]);

    // Records of our own that writes may change.
    const planCode = `fuzz-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, 'fuzz fixture', 2024, 2026) RETURNING id`,
      [planCode],
    );
    const [{ id: areaId }] = await t.ds.query(`INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, 1, 'FA', 'fuzz area') RETURNING id`, [planId]);
    const tasks: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [{ id }] = await t.ds.query(
        `INSERT INTO task (plan_id, area_id, code, title, search_text) VALUES ($1, $2, $3, 'fuzz task', E'fuzz task\\n') RETURNING id`,
        [planId, areaId, `F${i}`],
      );
      await t.ds.query(`INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, 'JS')`, [id]);
      tasks.push(String(id));
    }
    const [{ id: indicatorId }] = await t.ds.query(
      `INSERT INTO indicator (code, name, unit, plan_id, task_id) VALUES ($1, 'fuzz indicator', 'km', $2, $3) RETURNING id`,
      [`fuzz-ind-${uniq()}`, planId, tasks[0]],
    );
    editor = await t.keyFor('EDITOR', ['JS']);

    const page = await t.gql('{ tasks(first: 3) { edges { cursor } } a: tasks(first: 2, orderBy: DUE_DATE_DESC) { edges { cursor } } }');
    const cursors = [...page.data.tasks.edges, ...page.data.a.edges].map((e: { cursor: string }) => e.cursor);
    const hist = await t.gql(`{ task(id: "${tasks[0]}") { history(first: 1) { pageInfo { endCursor } } } }`);
    if (hist.data?.task?.history?.pageInfo?.endCursor) cursors.push(hist.data.task.history.pageInfo.endCursor);

    const ids = { task: tasks, area: [String(areaId)], indicator: [String(indicatorId)] };
    ctxRead = { write: false, ids, planCodes: [planCode], cursors };
    ctxWrite = { write: true, ids, planCodes: [planCode], cursors };
  });

  afterAll(async () => t?.close());

  function operations(kind: 'query' | 'mutation'): Operation[] {
    const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    const ops: Operation[] = Object.values(root.getFields())
      .filter((f) => f.args.length > 0)
      .map((field) => ({ kind, path: [field.name], field }));
    if (kind === 'query') {
      // Arguments of nested fields: a plan's area task pages and a task's history.
      const area = schema.getType('Area') as GraphQLObjectType;
      const task = schema.getType('Task') as GraphQLObjectType;
      ops.push({ kind, path: ['plan(code: "yrd-2024-2026")', 'areas', 'tasks'], field: area.getFields().tasks });
      ops.push({ kind, path: ['tasks(first: 3)', 'edges', 'node', 'history'], field: task.getFields().history });
    }
    return ops;
  }

  it('covers every argument of the schema, including the admin mutations', () => {
    const queries = operations('query').map((o) => o.path.join('.'));
    const mutations = operations('mutation').map((o) => o.field.name);
    expect(queries).toEqual(expect.arrayContaining(['tasks', 'task', 'taskByCode', 'plan', 'progressByArea', 'progressByRegion']));
    expect(mutations).toEqual(expect.arrayContaining(['recordTaskUpdate', 'createApiKey', 'revokeApiKey']));
  });

  it(`answers ${QUERY_RUNS * 2} fuzzed reads with data or coded errors`, async () => {
    const ops = operations('query');
    const arb = fc
      .constantFrom(...ops)
      .chain((op) => fc.tuple(fc.constant(op), inputObjectArb(Object.fromEntries(op.field.args.map((a) => [a.name, a])), ctxRead, op.field.name)));
    // Cases that once failed, replayed first on every run.
    const byName = (name: string) => ops.find((o) => o.path.join('.') === name)!;
    const examples: [[Operation, Record<string, unknown>]][] = [
      [[byName('taskByCode'), { planCode: 'yrd-2024-2026', code: 'R3\u0000' }]],
      [[byName('tasks'), { first: 5, filter: { search: '\u0000' } }]],
    ];
    await fc.assert(
      fc.asyncProperty(arb, async ([op, args]) => run(op, args)),
      { numRuns: QUERY_RUNS, examples },
    );
  }, 300_000);

  it(`answers ${MUTATION_RUNS * 2} fuzzed writes (ADMIN and a region EDITOR) with data or coded errors`, async () => {
    const ops = operations('mutation');
    const arb = fc
      .constantFrom(...ops)
      .chain((op) =>
        fc.tuple(fc.constant(op), inputObjectArb(Object.fromEntries(op.field.args.map((a) => [a.name, a])), ctxWrite, op.field.name), fc.boolean()),
      );
    const byName = (name: string) => ops.find((o) => o.field.name === name)!;
    const examples: [[Operation, Record<string, unknown>, boolean]][] = [
      [[byName('recordIndicatorReading'), { input: { indicatorId: ctxWrite.ids.indicator[0], value: 5e-324, qualifier: 'ABOUT', asOf: '2024-01-01' } }, false]],
      [[byName('recordTaskUpdate'), { input: { taskId: ctxWrite.ids.task[0], expectedVersion: 1, note: 'a\u0000b' } }, true]],
    ].filter(([[op]]) => op !== undefined) as [[Operation, Record<string, unknown>, boolean]][];
    await fc.assert(
      fc.asyncProperty(arb, async ([op, args, asEditor]) => run(op, args, asEditor ? editor : undefined)),
      { numRuns: MUTATION_RUNS, examples },
    );
  }, 300_000);

  it(`answers ${REST_RUNS} fuzzed REST requests (every route, odd headers and bodies) without a 5xx, a stack or SQL`, async () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    // Header values must be sendable at all (Node refuses CR, LF and NUL): printable text of any kind otherwise.
    const headerText = nastyString.map((v) => String(v).replace(/[^\x20-\x7e\x80-\xff]/g, '')).filter((v) => v.length < 8000);
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        `Bearer ${ADMIN_TOKEN}`,
        `bearer ${ADMIN_TOKEN}`,
        `Bearer  ${ADMIN_TOKEN} `,
        `Bearer ${editor}`,
        'Bearer',
        'Bearer ',
        'Basic Zm9vOmJhcg==',
        'Token abc',
        '',
        'Bearer abc',
        `Bearer ${'x'.repeat(600)}`,
        'Bearer apt_' + 'A'.repeat(43),
      ),
      headerText.map((v) => `Bearer ${v}`),
      headerText,
    );
    const requestId = fc.oneof(fc.constant(undefined), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,40}$/), headerText);
    const forwardedFor = fc.oneof(
      fc.constant(undefined),
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('1.2.3.4, 5.6.7.8', 'unknown', '999.1.1.1', ',,,', '::ffff:1.2.3.4'),
      headerText,
    );
    const contentType = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(
        'application/json',
        'application/json; charset=latin1',
        'text/plain',
        'text/csv',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=zz',
        'application/graphql',
        '*/*',
        'application/octet-stream',
      ),
      headerText,
    );
    const planParam = fc.oneof(
      fc.constantFrom(...SEED_PLANS, ...ctxRead.planCodes),
      nastyString.map((v) => encodeURIComponent(String(v).replace(/[\ud800-\udfff]/g, '?'))),
      fc.constantFrom('%E0%A4%A', '%', '%zz', '%00', '%C0%AE', '+', '%2F..%2F'),
    );
    const path = fc.oneof(
      fc
        .tuple(fc.constantFrom('/export/tasks.csv', '/export/tasks.json'), fc.option(planParam, { nil: undefined }))
        .map(([p, plan]) => (plan === undefined ? p : `${p}?plan=${plan}`)),
      fc.constantFrom(
        '/import/tasks',
        '/health/live',
        '/health/ready',
        '/health/ready?x=1',
        '/health',
        '/export',
        '/export/tasks.xml',
        '/import',
        '/nope',
        '/%00',
        '/health/../export/tasks.csv',
        '//export/tasks.csv',
        '/export/tasks.csv?plan=a&plan=b',
        '/graphql',
      ),
    );
    const multipart = fc
      .tuple(
        fc.constantFrom(...ctxWrite.planCodes, '', 'no-such-plan'),
        fc.constantFrom('CSV', 'JSON', 'XML', ''),
        fc.constantFrom('true', 'false', 'maybe', ''),
        nastyString,
        fc.boolean(),
      )
      .map(([plan, format, dryRun, content, truncated]) => {
        const b = 'fuzzboundary';
        const body =
          `--${b}\r\nContent-Disposition: form-data; name="planCode"\r\n\r\n${plan}\r\n` +
          `--${b}\r\nContent-Disposition: form-data; name="format"\r\n\r\n${format}\r\n` +
          `--${b}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\n${dryRun}\r\n` +
          `--${b}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`;
        return { body: truncated ? body.slice(0, Math.floor(body.length / 2)) : body, contentType: `multipart/form-data; boundary=${b}` };
      });
    const body = fc.oneof(
      fc.constant(undefined),
      nastyString,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('{', '[]', '[{"query":"{ regions { code } }"}]', '{"query":"{ regions { code } }"}', 'null', '"x"', '{"a":' + '['.repeat(3000)),
      multipart,
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      url: path,
      authorization,
      requestId,
      forwardedFor,
      contentType,
      body,
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const multi = typeof r.body === 'object' && r.body !== null ? r.body : undefined;
        const headers: Record<string, string> = {};
        if (r.authorization !== undefined) headers.authorization = r.authorization;
        if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
        if (r.forwardedFor !== undefined) headers['x-forwarded-for'] = r.forwardedFor;
        const type = multi?.contentType ?? r.contentType;
        if (type !== undefined) headers['content-type'] = type;
        const payload = multi ? multi.body : (r.body as string | undefined);
        const withBody = r.method !== 'GET' && r.method !== 'HEAD' && payload !== undefined;
        const res = await fastify.inject({ method: r.method as 'GET', url: r.url, headers, ...(withBody ? { payload } : {}) });
        sent += 1;
        const problems: string[] = [];
        if (res.statusCode >= 500) problems.push(`HTTP ${res.statusCode}`);
        if (LEAK.test(res.body) || /ECONNREFUSED|"stack"/.test(res.body)) problems.push('stack trace, SQL or driver text in the reply');
        if (!res.headers['x-request-id']) problems.push('no x-request-id');
        if (res.statusCode >= 400 && r.method !== 'HEAD') {
          let parsed: { errors?: { extensions?: { code?: string } }[] } | undefined;
          try {
            parsed = JSON.parse(res.body);
          } catch {
            problems.push('an error reply that is not JSON');
          }
          const code = parsed?.errors?.[0]?.extensions?.code;
          if (parsed && (!code || !ALLOWED.has(code))) problems.push(`error without a known code: ${res.body.slice(0, 200)}`);
          if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        if (problems.length) {
          throw new Error(`${problems.join('; ')}\n${JSON.stringify({ ...r, body: payload?.slice(0, 500) })}\n${res.statusCode} ${res.body.slice(0, 1000)}`);
        }
      }),
      { numRuns: REST_RUNS },
    );
  }, 300_000);

  it('sent at least 10,000 cases, is still up, and left the seed data unchanged', async () => {
    expect(sent).toBeGreaterThanOrEqual(10_000 + REST_RUNS);
    const res = await t.gql('{ regions { code } plans { code } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.regions).toHaveLength(4);
    const [seedAfter] = await t.ds.query(SEED_CHECKSUM, [SEED_PLANS]);
    expect(seedAfter).toEqual(seedBefore);
    expect(seedBefore.n).toBeGreaterThan(50);
    // The replies were not all refusals: the fuzzer reached the services too.
    expect([...codes.keys()]).toEqual(expect.arrayContaining(['BAD_USER_INPUT', 'NOT_FOUND']));
  });
});
