import pino from 'pino';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../src/common/errors/error-code.enum';
import { toClientError } from '../src/common/errors/error-mapper';
import { PlansService } from '../src/plans/plans.service';
import { bootTestApp, expectError, GqlReply, TestApp } from './support/test-app';

const STACK_OR_SQL = /\bat \S+ \(|node_modules|\/src\/|\.ts:\d+|SELECT |INSERT |UPDATE "|QueryFailedError|stack/;

/** Every JSON line the app's pino logger writes while fn runs (all request loggers share the root stream). */
async function captureLog(t: TestApp, fn: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const log = t.app.getHttpAdapter().getInstance().log as unknown as Record<symbol, { write(line: string): unknown }>;
  const stream = log[pino.symbols.streamSym];
  const lines: string[] = [];
  const spy = jest.spyOn(stream, 'write').mockImplementation((line: string) => {
    lines.push(line);
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l));
}

function expectRefusedIntrospection(res: GqlReply) {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const e of res.errors!) {
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/introspection/i);
  }
  expect(res.raw).not.toMatch(STACK_OR_SQL);
}

describe('production mode (NODE_ENV=production)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => t.close());
  afterEach(() => jest.restoreAllMocks());

  describe('suggestions', () => {
    // Three entries a row: with fewer, Jest would pass a `done` callback as the third parameter.
    const misspelled: [string, string, Record<string, unknown> | undefined][] = [
      ['a field', '{ plans { titel } }', undefined],
      ['an argument', '{ tasks(frist: 5) { totalCount } }', undefined],
      ['an enum literal', '{ tasks(orderBy: CODE_AS) { totalCount } }', undefined],
      ['an enum in variables', 'query($o: TaskOrder) { tasks(orderBy: $o) { totalCount } }', { o: 'CODE_AS' }],
      ['an input field in variables', 'query($f: TaskFilter) { tasks(filter: $f) { totalCount } }', { f: { serch: 'x' } }],
      ['a type name', 'query($f: TaskFiltr) { tasks(filter: $f) { totalCount } }', undefined],
      ['a mutation', 'mutation { recordTaskUpdat(input: {}) { id } }', undefined],
    ];
    it.each(misspelled)('hides "Did you mean" for a misspelled %s', async (_what, query, variables) => {
      const res = await t.gql(query, variables);
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const e of res.errors!) expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(res.raw).not.toMatch(/did you mean/i);
      expect(res.raw).not.toMatch(STACK_OR_SQL);
    });
  });

  describe('introspection and GraphiQL', () => {
    it('refuses { __schema { types { name } } } with a coded error', async () => {
      expectRefusedIntrospection(await t.gql('{ __schema { types { name } } }'));
    });

    it('refuses __type and __schema hidden in a fragment or under an alias', async () => {
      expectRefusedIntrospection(await t.gql('{ __type(name: "Task") { fields { name } } }'));
      expectRefusedIntrospection(await t.gql('query { ...F } fragment F on Query { __schema { queryType { name } } }'));
      expectRefusedIntrospection(await t.gql('{ plans: __schema { queryType { name } } }'));
    });

    it('still answers __typename', async () => {
      const res = await t.gql('{ __typename regions { __typename code } }');
      expect(res.errors).toBeUndefined();
      expect(res.data.regions[0].__typename).toBe('Region');
    });

    it('serves no GraphiQL page', async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      for (const url of ['/graphiql', '/graphiql.html', '/graphiql/main.js']) {
        const res = await fastify.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).not.toMatch(/html|javascript/);
      }
    });

    it("sends helmet's content security policy (not relaxed for GraphiQL)", async () => {
      const res = await t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health/live' });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('unknown failures', () => {
    it('answers INTERNAL_SERVER_ERROR with a request id that matches the server log line, and hides the cause', async () => {
      const secret = new TypeError('relation "plan_secret" does not exist at /srv/app/src/plans/plans.service.ts:12');
      jest.spyOn(PlansService.prototype, 'list').mockRejectedValue(secret);
      let res: GqlReply | undefined;
      const lines = await captureLog(t, async () => {
        res = await t.gql('{ plans { code } }');
      });
      expectError(res!, 'INTERNAL_SERVER_ERROR');
      const err = res!.errors![0];
      expect(err.message).toBe('Internal server error');
      expect(res!.raw).not.toMatch(/plan_secret|TypeError|srv\/app/);
      expect(res!.raw).not.toMatch(STACK_OR_SQL);
      expect(err.extensions.requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));

      const logged = lines.filter((l) => l.requestId === err.extensions.requestId);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 50, reqId: err.extensions.requestId, msg: 'GraphQL request failed' });
      // The server side keeps what the client does not see.
      expect(JSON.stringify(logged[0])).toMatch(/plan_secret/);
      expect(JSON.stringify(logged[0])).toMatch(/"stack"/);
    });

    it('keeps the data of other fields when one field fails unexpectedly', async () => {
      jest.spyOn(PlansService.prototype, 'byCode').mockRejectedValue(new Error('boom'));
      const res = await t.gql('{ plan(code: "yrd-2024-2026") { code } regions { code } }');
      expect(res.status).toBe(200);
      expect(res.data.regions).toHaveLength(4);
      expect(res.errors?.map((e) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(res.raw).not.toMatch(/boom/);
    });

    it('maps an unknown Error to INTERNAL_SERVER_ERROR (marked internal, message hidden)', () => {
      const mapped = toClientError(new GraphQLError('oops', { originalError: new Error('password=hunter2') }), { hideSuggestions: true });
      expect(mapped).toMatchObject({ code: ErrorCode.INTERNAL_SERVER_ERROR, internal: true, message: 'Internal server error' });
      expect(JSON.stringify(mapped)).not.toMatch(/hunter2/);
    });

    it('answers malformed HTTP requests without stack traces', async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      const replies = await Promise.all([
        fastify.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' }),
        fastify.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '' }),
        // Not GraphQL: Mercurius would retry these as a JSON-encoded AST and crash in validation.
        fastify.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": 5}' }),
        fastify.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ query: '{"kind":"Document","definitions":[{"kind":"OperationDefinition"}]}' }),
        }),
        fastify.inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json' },
          payload: '{"query": "{ regions { code } }", "variables": "x"}',
        }),
        fastify.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: 'null' }),
        fastify.inject({ method: 'PUT', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{}' }),
        fastify.inject({ method: 'GET', url: '/nowhere' }),
        fastify.inject({ method: 'GET', url: '/health/%' }),
      ]);
      for (const r of replies) {
        expect(r.statusCode).toBeGreaterThanOrEqual(400);
        expect(r.statusCode).toBeLessThan(500);
        expect(r.body).not.toMatch(STACK_OR_SQL);
        expect(r.body).not.toMatch(/INTERNAL_SERVER_ERROR/);
      }
    });
  });
});

describe('production mode with GRAPHQL_INTROSPECTION=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
  });
  afterAll(async () => t.close());

  it('answers introspection', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });
});
