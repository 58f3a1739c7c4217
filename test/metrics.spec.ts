import { MetricsService } from '../src/metrics/metrics.service';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { ADMIN_TOKEN, bootTestApp, TestApp } from './support/test-app';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';

describe('Prometheus /metrics', () => {
  let t: TestApp;
  let analyst: string;
  let dashboard: string;

  const scrape = (headers: Record<string, string> = {}) => t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/metrics', headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** The value of one sample line of the exposition, or undefined. */
  const sample = (text: string, line: string) => {
    const hit = text.split('\n').find((l) => l.startsWith(`${line} `));
    return hit === undefined ? undefined : Number(hit.slice(line.length + 1));
  };

  beforeAll(async () => {
    t = await bootTestApp({ METRICS_TOKEN });
    analyst = await t.keyFor('ANALYST');
    dashboard = await t.keyFor('DASHBOARD');
  });
  afterAll(async () => t.close());

  describe('access', () => {
    it('refuses a scrape without a token with 401 in the REST error shape', async () => {
      const res = await scrape();
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    });

    it('refuses a wrong token with 401 and a key of another role with 403', async () => {
      const wrong = await scrape(bearer('metrics-scraper-token-0123456789abcdeX'));
      expect(wrong.statusCode).toBe(401);
      expect(JSON.parse(wrong.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const forbidden = await scrape(bearer(analyst));
      expect(forbidden.statusCode).toBe(403);
      expect(JSON.parse(forbidden.body).errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('serves the exposition to an ADMIN key and to METRICS_TOKEN, which costs no API-key lookup', async () => {
      const admin = await scrape(bearer(ADMIN_TOKEN));
      expect(admin.statusCode).toBe(200);
      expect(admin.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const lookups = ApiKeysService.lookups;
      const scraper = await scrape(bearer(METRICS_TOKEN));
      expect(scraper.statusCode).toBe(200);
      expect(scraper.body).toContain('# TYPE graphql_requests_total counter');
      expect(ApiKeysService.lookups).toBe(lookups);
    });
  });

  describe('content', () => {
    const post = (query: string, token = ADMIN_TOKEN, operationName?: string) =>
      t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/graphql',
          headers: { 'content-type': 'application/json', ...bearer(token) },
          payload: JSON.stringify({ query, operationName }),
        });

    it('counts GraphQL requests by operation name and outcome code, with their latency', async () => {
      const before = (await scrape(bearer(METRICS_TOKEN))).body;
      const ok = 'graphql_requests_total{operation="MetricsProbe",code="OK"}';
      expect(sample(before, ok)).toBeUndefined();
      for (let i = 0; i < 3; i++) expect((await post('query MetricsProbe { regions { code } }')).statusCode).toBe(200);
      await post('query MetricsForbidden { apiKeys { id } }', dashboard);
      await post('query MetricsBad { regions { nope } }');
      await post('query A { regions { code } } query B { plans { code } }', ADMIN_TOKEN, 'B');
      const text = (await scrape(bearer(METRICS_TOKEN))).body;
      expect(sample(text, ok)).toBe(3);
      expect(sample(text, 'graphql_requests_total{operation="MetricsForbidden",code="FORBIDDEN"}')).toBe(1);
      expect(sample(text, 'graphql_requests_total{operation="B",code="OK"}')).toBe(1);
      // A document that never ran: named by the request's operationName when it gives one, else "anonymous".
      expect(sample(text, 'graphql_requests_total{operation="anonymous",code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'graphql_request_duration_seconds_count{operation="MetricsProbe"}')).toBe(3);
      expect(sample(text, 'graphql_request_duration_seconds_bucket{le="+Inf",operation="MetricsProbe"}')).toBe(3);
      expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(5);
    });

    it('counts a 304 revalidation as NOT_MODIFIED', async () => {
      const url = `/graphql?query=${encodeURIComponent('query MetricsPoll { regions { code } }')}&operationName=MetricsPoll`;
      const fastify = t.app.getHttpAdapter().getInstance();
      const first = await fastify.inject({ method: 'GET', url, headers: bearer(ADMIN_TOKEN) });
      await fastify.inject({ method: 'GET', url, headers: { ...bearer(ADMIN_TOKEN), 'if-none-match': first.headers.etag as string } });
      const text = (await scrape(bearer(METRICS_TOKEN))).body;
      expect(sample(text, 'graphql_requests_total{operation="MetricsPoll",code="OK"}')).toBe(1);
      expect(sample(text, 'graphql_requests_total{operation="MetricsPoll",code="NOT_MODIFIED"}')).toBe(1);
    });

    it('reports the database pool, event-loop lag and open subscriptions (0 until a source reports them)', async () => {
      let text = (await scrape(bearer(METRICS_TOKEN))).body;
      expect(sample(text, 'db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'db_pool_connections{state="waiting"}')).toBe(0);
      expect(sample(text, 'db_pool_max_connections')).toBe(process.env.TEST_DB_KIND === 'pglite' ? 1 : 10);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
      expect(sample(text, 'graphql_open_subscriptions')).toBe(0);
      t.app.get(MetricsService).countOpenSubscriptions(() => 7);
      text = (await scrape(bearer(METRICS_TOKEN))).body;
      expect(sample(text, 'graphql_open_subscriptions')).toBe(7);
    });
  });
});
