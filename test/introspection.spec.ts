import { bootTestApp, GqlReply, TestApp } from './support/test-app';

const SCHEMA = '{ __schema { queryType { name } } }';
const DISGUISED = [
  '{ __type(name: "Task") { fields { name } } }',
  'query { ...F } fragment F on Query { __schema { queryType { name } } }',
  '{ plans: __schema { queryType { name } } }',
];

function expectAnswered(res: GqlReply) {
  expect(res.errors).toBeUndefined();
  expect(res.status).toBe(200);
}

function expectRefused(res: GqlReply) {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const e of res.errors!) {
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/introspection has been disabled/);
  }
}

/** Who may introspect, per GRAPHQL_INTROSPECTION, in production (anonymous callers may read: ANONYMOUS_READ). */
describe.each([
  ['unset', undefined, { anonymous: false, keyed: false }],
  ['false', 'false', { anonymous: false, keyed: false }],
  ['true', 'true', { anonymous: true, keyed: true }],
  ['authenticated', 'authenticated', { anonymous: false, keyed: true }],
])('GRAPHQL_INTROSPECTION %s in production', (_name, setting, may) => {
  let t: TestApp;
  let dashboardKey: string;

  beforeAll(async () => {
    t = await bootTestApp({ NODE_ENV: 'production', ANONYMOUS_READ: 'true', ...(setting === undefined ? {} : { GRAPHQL_INTROSPECTION: setting }) });
    dashboardKey = await t.keyFor('DASHBOARD');
  });
  afterAll(async () => t.close());

  it(`${may.anonymous ? 'answers' : 'refuses'} an anonymous caller`, async () => {
    const res = await t.gql(SCHEMA, undefined, null);
    if (may.anonymous) expectAnswered(res);
    else expectRefused(res);
    for (const query of DISGUISED) {
      const disguised = await t.gql(query, undefined, null);
      if (may.anonymous) expectAnswered(disguised);
      else expectRefused(disguised);
    }
  });

  it(`${may.keyed ? 'answers' : 'refuses'} a caller with a key, of any role`, async () => {
    for (const token of [dashboardKey, undefined]) {
      const res = await t.gql(SCHEMA, undefined, token);
      if (may.keyed) {
        expectAnswered(res);
        expect(res.data.__schema.queryType.name).toBe('Query');
      } else expectRefused(res);
    }
  });

  it('answers __typename for everyone', async () => {
    expectAnswered(await t.gql('{ __typename regions { __typename code } }', undefined, null));
  });

  it('still hides "Did you mean" from a caller with a key', async () => {
    const res = await t.gql('{ plans { titel } }');
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.raw).not.toMatch(/did you mean/i);
  });

  if (setting === 'authenticated') {
    it('decides per request, whoever sent the same document first', async () => {
      const query = '{ __type(name: "Plan") { name } }';
      expectAnswered(await t.gql(query, undefined, dashboardKey));
      expectRefused(await t.gql(query, undefined, null));
      const other = '{ __type(name: "Area") { name } }';
      expectRefused(await t.gql(other, undefined, null));
      expectAnswered(await t.gql(other, undefined, dashboardKey));
    });

    it("serves the GraphiQL page (a caller sets its key in the page's headers)", async () => {
      const res = await t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/graphiql' });
      expect(res.statusCode).not.toBe(404);
    });
  }
});
