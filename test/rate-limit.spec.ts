import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ADMIN_TOKEN, bootTestApp, TestApp } from './support/test-app';

type Fastify = ReturnType<ReturnType<TestApp['app']['getHttpAdapter']>['getInstance']>;

const LIMIT = 5;
const QUERY = JSON.stringify({ query: '{ regions { code } }' });

describe(`rate limit (RATE_LIMIT_PER_MINUTE=${LIMIT})`, () => {
  let t: TestApp;
  let fastify: Fastify;
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    t = await bootTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    fastify = t.app.getHttpAdapter().getInstance();
    // Two of the bootstrap ADMIN key's five requests.
    keyA = await t.keyFor('ANALYST');
    keyB = await t.keyFor('DASHBOARD');
  });
  afterAll(async () => t.close());

  const call = (token: string | null, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
    fastify.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      payload: QUERY,
    });
  const randomToken = () => `apt_${randomBytes(32).toString('base64url')}`;

  function expectLimited(res: Awaited<ReturnType<typeof call>>) {
    expect(res.statusCode).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = JSON.parse(res.body);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    expect(res.body).not.toMatch(/\bat \S+ \(|node_modules/);
  }

  it(`answers ${LIMIT} requests of one key and refuses the next with RATE_LIMITED and Retry-After`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await call(keyA);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1 - i));
    }
    expectLimited(await call(keyA));
    // The same key from another address is still the same key.
    expectLimited(await call(keyA, '10.9.9.9'));
  });

  it('does not count one key against another, nor a key against its address', async () => {
    const res = await call(keyB);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).data.regions).toHaveLength(4);
    const admin = await call(ADMIN_TOKEN);
    expect(admin.statusCode).toBe(200);
  });

  it('counts anonymous callers (and unknown tokens) per address', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await call(i % 2 ? null : 'not-a-real-token-0000000000000000', '10.0.0.1');
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expectLimited(await call(null, '10.0.0.1'));
    const other = await call(null, '10.0.0.2');
    expect(other.statusCode).toBe(200);
    expect(JSON.parse(other.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('does not count health checks, even from a limited address', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      const live = await fastify.inject({ method: 'GET', url: '/health/live', remoteAddress: '10.0.0.1' });
      expect(live.statusCode).toBe(200);
    }
    const ready = await fastify.inject({ method: 'GET', url: '/health/ready?probe=1', remoteAddress: '10.0.0.1' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('counts a GraphQL request whose query string mentions a health path', async () => {
    const sneaky = (n: number) =>
      fastify.inject({
        method: 'POST',
        url: `/graphql?/health/live=${n}`,
        remoteAddress: '10.0.0.3',
        headers: { 'content-type': 'application/json' },
        payload: QUERY,
      });
    for (let i = 0; i < LIMIT; i++) expect((await sneaky(i)).statusCode).toBe(200);
    expectLimited(await sneaky(LIMIT));
  });

  it('refuses a flood of random tokens from one address after a few lookups, on GraphQL and REST routes alike', async () => {
    const replies: Awaited<ReturnType<typeof call>>[] = [];
    const lookups = await t.countStatements(async () => {
      for (let i = 0; i < 30; i++) replies.push(await call(randomToken(), '10.0.0.4'));
      for (let i = 0; i < 10; i++) {
        replies.push(
          await fastify.inject({
            method: 'GET',
            url: '/export/tasks.csv?plan=x',
            remoteAddress: '10.0.0.4',
            headers: { authorization: `Bearer ${randomToken()}` },
          }),
        );
      }
    });
    // One statement per lookup, and only the address's budget of them.
    expect(lookups).toBeLessThanOrEqual(LIMIT);
    const limited = replies.slice(LIMIT);
    for (const res of limited) {
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    // Another address, and a known key from anywhere, are not held back.
    const other = await call(randomToken(), '10.0.0.5');
    expect(JSON.parse(other.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ignores X-Forwarded-For when TRUST_PROXY is off (the default)', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await call(null, '10.0.0.6', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode).toBe(200);
    expectLimited(await call(null, '10.0.0.6', { 'x-forwarded-for': '198.51.100.99' }));
  });
});

describe('behind a load balancer (TRUST_PROXY=10.1.0.0/16)', () => {
  let t: TestApp;
  let fastify: Fastify;

  beforeAll(async () => {
    t = await bootTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: '10.1.0.0/16' });
    fastify = t.app.getHttpAdapter().getInstance();
  });
  afterAll(async () => t.close());

  const call = (remoteAddress: string, forwardedFor: string) =>
    fastify.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      payload: QUERY,
    });

  it('limits each client behind the balancer by its own address', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await call('10.1.0.2', '203.0.113.1')).statusCode).toBe(200);
    expect((await call('10.1.0.3', '203.0.113.1')).statusCode).toBe(429);
    // Another client through the same balancer has its own budget.
    expect((await call('10.1.0.2', '203.0.113.2')).statusCode).toBe(200);
  });

  it('ignores the header from a peer that is not a trusted proxy', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await call('192.0.2.7', `203.0.113.${10 + i}`)).statusCode).toBe(200);
    expect((await call('192.0.2.7', '203.0.113.99')).statusCode).toBe(429);
  });

  it("logs the client's address", async () => {
    const stream = (fastify.log as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
    const lines: string[] = [];
    const spy = jest.spyOn(stream, 'write').mockImplementation((line: string) => (lines.push(line), true));
    const level = fastify.log.level;
    fastify.log.level = 'info';
    try {
      const res = await call('10.1.0.2', '203.0.113.50');
      const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === res.headers['x-request-id']);
      expect(logged.find((l) => l.req)?.req.remoteAddress).toBe('203.0.113.50');
    } finally {
      fastify.log.level = level;
      spy.mockRestore();
    }
  });
});
