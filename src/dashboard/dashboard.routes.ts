import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { builtAssetsDir } from '../common/built-assets';

/**
 * Everything the page loads comes from this origin: its script and stylesheet, and the API (fetch and the live
 * socket: 'self' covers ws:/wss: to the same host). No inline script or <style> element; style attributes set from
 * script (ECharts sizes its boxes) go through the CSSOM, which style-src does not restrict.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/dashboard under the package root, where `npm run build` bundles the page (from src/ under Jest, or dist/src/). */
export function dashboardAssetsDir(from = __dirname): string {
  return builtAssetsDir('dashboard', from);
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Dashboard · action-plan tracker</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script type="module" src="/dashboard/assets/dashboard.js"></script>
</head>
<body>
<div id="app"><p>Loading the dashboard… 正在加载看板…</p><noscript>The dashboard needs JavaScript. 看板需要启用 JavaScript。</noscript></div>
</body>
</html>
`;

const NOT_BUILT = 'The dashboard is not built: run `npm run build` (it bundles dist/dashboard from node_modules).\n';

/**
 * GET /dashboard: the read-only dashboard, bundled at build time from npm packages (no CDN), reading the public
 * GraphQL API with the caller's key (or anonymously under ANONYMOUS_READ). The page and its assets need no key: they
 * hold no data. On in every environment, production included.
 */
export async function registerDashboard(app: NestFastifyApplication, assets = dashboardAssetsDir()) {
  const fastify = app.getHttpAdapter().getInstance();
  const built = existsSync(join(assets, 'dashboard.js'));
  fastify.get('/dashboard', async (_req, reply) => {
    if (!built) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', DASHBOARD_CSP).header('cache-control', 'no-cache').send(PAGE);
  });
  if (built) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/dashboard/assets/',
      decorateReply: false,
      wildcard: false,
      preCompressed: true,
      // Names carry no hash: revalidate (ETag) so a rebuilt bundle is picked up.
      cacheControl: false,
      setHeaders: (res) => {
        res.header('cache-control', 'no-cache');
        res.header('content-security-policy', DASHBOARD_CSP);
      },
    });
  }
}
