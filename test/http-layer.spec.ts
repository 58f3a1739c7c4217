import { ADMIN_TOKEN, bootTestApp, TestApp } from './support/test-app';

type Inject = ReturnType<TestApp['app']['getHttpAdapter']>['getInstance'] extends () => infer F ? F : never;
type Reply = Awaited<ReturnType<Inject['inject']>>;

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const QUERY = '{ regions { code } }';

/** A refused request: a 4xx with one coded error and nothing internal in the body. */
function expectRefused(res: Reply, code = 'BAD_USER_INPUT', status?: number) {
  if (status) expect(res.statusCode).toBe(status);
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  const body = JSON.parse(res.body);
  expect(body.data ?? null).toBeNull();
  expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([code]);
  expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|"stack"/);
  return body.errors[0] as { message: string };
}

describe('HTTP layer', () => {
  let t: TestApp;
  let fastify: Inject;

  beforeAll(async () => {
    t = await bootTestApp({ CORS_ORIGINS: 'https://dash.example.org' });
    fastify = t.app.getHttpAdapter().getInstance() as unknown as Inject;
  });
  afterAll(async () => t.close());

  const post = (payload: string | Buffer, headers: Record<string, string> = {}) =>
    fastify.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...AUTH, ...headers }, payload });

  describe('batching and body shapes', () => {
    it('refuses a JSON-array batch of operations, saying batching is off', async () => {
      const res = await post(JSON.stringify([{ query: QUERY }, { query: QUERY }]));
      const err = expectRefused(res, 'BAD_USER_INPUT', 400);
      expect(err.message).toMatch(/batched requests .* are not accepted/);
      expect(err.message).not.toMatch(/^body must be object$/);
    });

    it('refuses a batch of one, too', async () => {
      expectRefused(await post(JSON.stringify([{ query: QUERY }])), 'BAD_USER_INPUT', 400);
    });

    it('refuses a body over the 1 MB limit with a coded 413', async () => {
      const big = JSON.stringify({ query: QUERY, variables: { pad: 'x'.repeat(1024 * 1024) } });
      const err = expectRefused(await post(big), 'BAD_USER_INPUT', 413);
      expect(err.message).toMatch(/large|limit/i);
    });

    it('runs a body just under the limit', async () => {
      const res = await post(
        JSON.stringify({ query: 'query($pad: String!) { regions { code } plan(code: $pad) { id } }', variables: { pad: 'x'.repeat(1000 * 1000) } }),
      );
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).data).toMatchObject({ plan: null, regions: [{ code: 'SH' }, {}, {}, {}] });
    });

    it('refuses a body that is not JSON', async () => {
      expectRefused(await post('{"query": '), 'BAD_USER_INPUT', 400);
    });

    const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

    it('refuses variables nested 5,000 levels deep with a coded 400, before any recursion, without a key', async () => {
      const payload = `{"query":"query($v: String) { regions { code } }","variables":{"v":${nested(5000)}}}`;
      expect(payload.length).toBeLessThan(40_000);
      const err = expectRefused(await post(payload, { authorization: '' }), 'BAD_USER_INPUT', 400);
      expect(err.message).toMatch(/nested more than 32 levels/);
      const list = `{"query":"query($v: [Int]) { regions { code } }","variables":{"v":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
      expectRefused(await post(list), 'BAD_USER_INPUT', 400);
    });

    it('refuses deep variables in a GraphQL GET too', async () => {
      const url = `/graphql?query=${encodeURIComponent('query($v: String) { regions { code } }')}&variables=${encodeURIComponent(`{"v":${nested(3000)}}`)}`;
      const res = await fastify.inject({ method: 'GET', url, headers: { ...AUTH, 'mercurius-require-preflight': '1' } });
      expectRefused(res, 'BAD_USER_INPUT', 400);
    });

    it('still runs variables nested as deep as a real input', async () => {
      const res = await post(
        JSON.stringify({
          query: 'query($f: TaskFilter) { tasks(first: 1, filter: $f) { totalCount } }',
          variables: { f: { status: ['COMPLETED'], search: 'x' } },
        }),
      );
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).errors).toBeUndefined();
    });
  });

  describe('request ids', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it('sends x-request-id on GraphQL answers, GraphQL errors, REST answers, REST errors and 404s', async () => {
      const replies = await Promise.all([
        post(JSON.stringify({ query: QUERY })),
        post(JSON.stringify({ query: '{ nope }' })),
        post('{"query": '),
        fastify.inject({ method: 'GET', url: '/health/live' }),
        fastify.inject({ method: 'GET', url: '/export/tasks.csv' }),
        fastify.inject({ method: 'GET', url: '/no/such/path' }),
        fastify.inject({ method: 'POST', url: '/import/tasks', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{}' }),
      ]);
      const ids = replies.map((r) => r.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(UUID);
      expect(new Set(ids).size).toBe(ids.length);
      // REST error bodies carry the same id.
      for (const r of replies.slice(4)) expect(JSON.parse(r.body).errors[0].extensions.requestId).toBe(r.headers['x-request-id']);
    });

    it('keeps a sane incoming x-request-id and replaces one that is not', async () => {
      const given = 'lb-7f3a9c0e.2026-11-30:42';
      const kept = await post(JSON.stringify({ query: QUERY }), { 'x-request-id': given });
      expect(kept.headers['x-request-id']).toBe(given);
      for (const bad of ['short', 'x'.repeat(200), 'has space in it', 'new\nline-injected', '<script>alert(1)</script>', 'ünïcödé-id-1234']) {
        const res = await post(JSON.stringify({ query: QUERY }), { 'x-request-id': bad });
        expect(res.headers['x-request-id']).toMatch(UUID);
      }
    });

    it("is the reqId of the request's log lines", async () => {
      const log = fastify.log as unknown as Record<symbol, { write(line: string): unknown }>;
      const pino = await import('pino');
      const stream = log[pino.symbols.streamSym];
      const lines: string[] = [];
      const spy = jest.spyOn(stream, 'write').mockImplementation((line: string) => (lines.push(line), true));
      const level = fastify.log.level;
      fastify.log.level = 'info'; // refusals are info lines; the test app logs from warn
      try {
        const res = await fastify.inject({
          method: 'GET',
          url: '/export/tasks.csv?plan=x',
          headers: { authorization: 'Bearer wrong-but-long-enough-token-1234' },
        });
        expect(res.statusCode).toBe(401);
        const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === res.headers['x-request-id']);
        expect(logged.map((l) => l.msg)).toContain('Request refused');
      } finally {
        fastify.log.level = level;
        spy.mockRestore();
      }
    });
  });

  describe('REST errors', () => {
    /** The one error shape outside GraphQL. */
    function expectRestError(res: Reply, status: number, code: string) {
      expect(res.statusCode).toBe(status);
      const body = JSON.parse(res.body);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toMatchObject({ code, requestId: res.headers['x-request-id'] });
      expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|"stack"|ECONNREFUSED|SELECT /);
      return body.errors[0] as { message: string };
    }

    it('answers an unknown path with a coded 404', async () => {
      expectRestError(await fastify.inject({ method: 'GET', url: '/nope' }), 404, 'NOT_FOUND');
      expectRestError(await fastify.inject({ method: 'POST', url: '/health/live', headers: AUTH }), 404, 'NOT_FOUND');
    });

    it('answers a REST route with no key, a bad header or a wrong key with a coded 401', async () => {
      expectRestError(await fastify.inject({ method: 'GET', url: '/export/tasks.csv?plan=yrd-2024-2026' }), 401, 'UNAUTHENTICATED');
      const header = expectRestError(
        await fastify.inject({ method: 'GET', url: '/export/tasks.csv?plan=x', headers: { authorization: 'Token abc' } }),
        401,
        'UNAUTHENTICATED',
      );
      expect(header.message).toMatch(/must be "Bearer <token>"/);
    });

    it('tells a short wrong token that the key is invalid, not that the header is malformed', async () => {
      for (const authorization of ['Bearer abc', 'bearer short-token', 'Bearer ' + 'x'.repeat(600)]) {
        const res = await post(JSON.stringify({ query: QUERY }), { authorization });
        const body = JSON.parse(res.body);
        expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
        expect(body.errors[0].message).toMatch(/API key is invalid/);
      }
    });

    it('answers a malformed REST body with a coded 4xx', async () => {
      const res = await fastify.inject({ method: 'POST', url: '/import/tasks', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"a": ' });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('cross-site request forgery', () => {
    it('refuses a text/plain POST (a simple request a browser sends cross-site without preflight)', async () => {
      const res = await post(JSON.stringify({ query: QUERY }), { 'content-type': 'text/plain' });
      expect(expectRefused(res, 'BAD_USER_INPUT', 400).message).toMatch(/CSRF/);
    });

    it('refuses a form POST, urlencoded or multipart', async () => {
      const form = await post(`query=${encodeURIComponent(QUERY)}`, { 'content-type': 'application/x-www-form-urlencoded' });
      expectRefused(form);
      const boundary = '----x';
      const multipart = await post(`--${boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\n${QUERY}\r\n--${boundary}--\r\n`, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      expectRefused(multipart);
    });

    it('refuses a form POST that carries no key either', async () => {
      const res = await post(`query=${encodeURIComponent(QUERY)}`, { 'content-type': 'application/x-www-form-urlencoded', authorization: '' });
      expect(expectRefused(res, 'BAD_USER_INPUT', 400).message).toMatch(/CSRF/);
    });

    it('answers a GET query without a preflight header (the key travels in a header no form can send)', async () => {
      const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(QUERY)}`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).data.regions).toHaveLength(4);
    });

    it.each(['mercurius-require-preflight', 'apollo-require-preflight', 'x-apollo-operation-name'])('answers a GET query that carries %s', async (header) => {
      const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(QUERY)}`, headers: { ...AUTH, [header]: '1' } });
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).data.regions).toHaveLength(4);
    });

    it('refuses a mutation sent by GET', async () => {
      const mutation = 'mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }';
      for (const headers of [AUTH, { ...AUTH, 'mercurius-require-preflight': '1' }]) {
        const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(mutation)}`, headers });
        expect(expectRefused(res, 'BAD_USER_INPUT', 405).message).toMatch(/GET/);
      }
    });
  });

  describe('headers', () => {
    it('sends security headers', async () => {
      const res = await post(JSON.stringify({ query: QUERY }));
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' });
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('allows a configured origin to preflight with the preflight headers', async () => {
      const res = await fastify.inject({
        method: 'OPTIONS',
        url: '/graphql',
        headers: {
          origin: 'https://dash.example.org',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization,apollo-require-preflight',
        },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://dash.example.org');
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/mercurius-require-preflight/);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/apollo-require-preflight/);
    });

    it('gives another origin no CORS grant', async () => {
      const res = await fastify.inject({
        method: 'OPTIONS',
        url: '/graphql',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('health', () => {
    it('ignores keys: no lookup, whatever the Authorization header says', async () => {
      const statements = await t.countStatements(async () => {
        for (let i = 0; i < 20; i++) {
          const res = await fastify.inject({ method: 'GET', url: '/health/live', headers: { authorization: `Bearer random-token-${i}-0123456789abcdef` } });
          expect(res.statusCode).toBe(200);
        }
      });
      expect(statements).toBe(0);
      const ready = await fastify.inject({ method: 'GET', url: '/health/ready', headers: { authorization: 'Basic Zm9vOmJhcg==' } });
      expect(ready.statusCode).toBe(200);
    });

    it('answers /health/live and /health/ready without a key', async () => {
      const live = await fastify.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
      const ready = await fastify.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it("reports 503 when the database ping fails, without the driver's reason", async () => {
      const query = t.ds.query.bind(t.ds);
      const spy = jest
        .spyOn(t.ds, 'query')
        .mockImplementation((sql: string, ...rest: unknown[]) =>
          sql === 'SELECT 1'
            ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }))
            : (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest),
        );
      try {
        const ready = await fastify.inject({ method: 'GET', url: '/health/ready' });
        expect(ready.statusCode).toBe(503);
        expect(JSON.parse(ready.body)).toMatchObject({
          status: 'error',
          error: { database: { status: 'down' } },
          errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE', requestId: ready.headers['x-request-id'] } }],
        });
        expect(ready.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|5432/);
      } finally {
        spy.mockRestore();
      }
      expect((await fastify.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    });
  });
});
