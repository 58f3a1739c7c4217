import { dashboardAssetsDir, DASHBOARD_CSP } from '../src/dashboard/dashboard.routes';
import { bootTestApp, TestApp } from './support/test-app';

// The page in a real browser (figures, languages, phone width, key flow): test/dashboard-browser.spec.ts.
describe('dashboard page (served from bundled npm packages, in production too)', () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await bootTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves a page that loads only this origin's assets, under a CSP that allows no inline code or other origin", async () => {
    const res = await get('/dashboard');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).not.toMatch(/https?:\/\//);
    expect(res.body).toContain('src="/dashboard/assets/dashboard.js"');
    expect(res.body).toContain('href="/dashboard/assets/dashboard.css"');
    expect(res.body).not.toMatch(/<script>|<style|style=/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(DASHBOARD_CSP);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe/);
  });

  it('needs no key for the page and its assets (they hold no data)', async () => {
    expect((await get('/dashboard')).statusCode).toBe(200);
    expect((await get('/dashboard/assets/dashboard.js')).statusCode).toBe(200);
  });

  it('serves the bundle and the stylesheet, gzipped when asked', async () => {
    for (const name of ['dashboard.js', 'dashboard.css']) {
      const res = await get(`/dashboard/assets/${name}`, { 'accept-encoding': 'gzip' });
      expect({ name, status: res.statusCode }).toEqual({ name, status: 200 });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toMatch(name.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    }
    const css = await get('/dashboard/assets/dashboard.css');
    expect(css.body).toContain('.panel');
    expect(css.body).not.toMatch(/url\(["']?https?:|@import/);
  });

  it('answers 404 for files outside the bundle', async () => {
    for (const url of ['/dashboard/assets/../../package.json', '/dashboard/assets/nope.js', '/dashboard/main.tsx', '/dashboard/assets/main.tsx']) {
      expect({ url, status: (await get(url)).statusCode }).toEqual({ url, status: 404 });
    }
  });

  it('finds the bundle under the package root from src/ and from dist/src/', () => {
    const root = dashboardAssetsDir();
    expect(root).toMatch(/dist\/dashboard$/);
    expect(dashboardAssetsDir(root.replace(/dashboard$/, 'src/dashboard'))).toBe(root);
  });
});
