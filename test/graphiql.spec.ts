import { GRAPHIQL_HEADERS_TEMPLATE, graphiqlAssetsDir } from '../src/graphiql/graphiql.routes';
import { bootTestApp, TestApp } from './support/test-app';

// The page in a real browser (renders, runs a query, stays on this origin): test/graphiql-browser.spec.ts.
describe('GraphiQL page (served from bundled npm packages)', () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves a page that loads only this origin's assets, under a CSP that allows nothing else", async () => {
    const res = await get('/graphiql');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).not.toMatch(/https?:\/\//);
    expect(res.body).toContain('src="/graphiql/assets/graphiql.js"');
    expect(res.body).toContain('href="/graphiql/assets/graphiql.css"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('puts an Authorization template in the headers editor', async () => {
    const res = await get('/graphiql');
    const attr = /data-default-headers="([^"]*)"/.exec(res.body)?.[1] ?? '';
    const decoded = attr
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(decoded).toBe(GRAPHIQL_HEADERS_TEMPLATE);
    expect(JSON.parse(decoded)).toEqual({ Authorization: expect.stringMatching(/^Bearer /) });
  });

  it("serves the bundle, Monaco's workers and the stylesheet (gzipped when asked)", async () => {
    for (const name of ['graphiql.js', 'graphiql.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js']) {
      const res = await get(`/graphiql/assets/${name}`, { 'accept-encoding': 'gzip' });
      expect({ name, status: res.statusCode }).toEqual({ name, status: 200 });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toMatch(name.endsWith('.css') ? /^text\/css/ : /javascript/);
    }
    const css = await get('/graphiql/assets/graphiql.css');
    expect(css.body).toContain('.graphiql-container');
    expect(css.body).not.toMatch(/url\(["']?https?:/);
  });

  it('answers 404 for files outside the bundle', async () => {
    for (const url of ['/graphiql/assets/../../package.json', '/graphiql/assets/nope.js', '/graphiql/main.js', '/graphiql/config.js']) {
      expect({ url, status: (await get(url)).statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('finds the bundle under the package root from src/ and from dist/src/', () => {
    const root = graphiqlAssetsDir();
    expect(root).toMatch(/dist\/graphiql$/);
    expect(graphiqlAssetsDir(root.replace(/graphiql$/, 'src/graphiql'))).toBe(root);
  });
});

describe('GraphiQL in production', () => {
  it('is off, and on again with GRAPHQL_INTROSPECTION=true', async () => {
    const off = await bootTestApp({ NODE_ENV: 'production' });
    try {
      const res = await off.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/graphiql/assets/graphiql.js' });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.close();
    }
    const on = await bootTestApp({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    try {
      const res = await on.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/graphiql' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('/graphiql/assets/graphiql.js');
    } finally {
      await on.close();
    }
  });
});
