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
    it('refuses a JSON-array batch of operations', async () => {
      const res = await post(JSON.stringify([{ query: QUERY }, { query: QUERY }]));
      expectRefused(res, 'BAD_USER_INPUT', 400);
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
      const res = await post(JSON.stringify({ query: 'query($pad: String!) { regions { code } plan(code: $pad) { id } }', variables: { pad: 'x'.repeat(1000 * 1000) } }));
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).data).toMatchObject({ plan: null, regions: [{ code: 'SH' }, {}, {}, {}] });
    });

    it('refuses a body that is not JSON', async () => {
      expectRefused(await post('{"query": '), 'BAD_USER_INPUT', 400);
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
      const multipart = await post(
        `--${boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\n${QUERY}\r\n--${boundary}--\r\n`,
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
      );
      expectRefused(multipart);
    });

    it('refuses a GET without a preflight header', async () => {
      const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(QUERY)}`, headers: AUTH });
      expect(expectRefused(res, 'BAD_USER_INPUT', 400).message).toMatch(/CSRF/);
    });

    it.each(['mercurius-require-preflight', 'apollo-require-preflight', 'x-apollo-operation-name'])(
      'answers a GET query that carries %s',
      async (header) => {
        const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(QUERY)}`, headers: { ...AUTH, [header]: '1' } });
        expect(res.statusCode).toBe(200);
        expect(JSON.parse(res.body).data.regions).toHaveLength(4);
      },
    );

    it('refuses a mutation sent by GET', async () => {
      const mutation = 'mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }';
      const res = await fastify.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(mutation)}`, headers: { ...AUTH, 'mercurius-require-preflight': '1' } });
      expectRefused(res);
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
    it('answers /health/live and /health/ready without a key', async () => {
      const live = await fastify.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
      const ready = await fastify.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('reports 503 when the database ping fails, without the driver\'s reason', async () => {
      const query = t.ds.query.bind(t.ds);
      const spy = jest.spyOn(t.ds, 'query').mockImplementation((sql: string, ...rest: unknown[]) =>
        sql === 'SELECT 1'
          ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }))
          : (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest),
      );
      try {
        const ready = await fastify.inject({ method: 'GET', url: '/health/ready' });
        expect(ready.statusCode).toBe(503);
        expect(JSON.parse(ready.body)).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
        expect(ready.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|5432/);
      } finally {
        spy.mockRestore();
      }
      expect((await fastify.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    });
  });
});
