import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../common/config/app-config';
import { builtAssetsDir } from '../common/built-assets';

/** The headers editor's starting text: where the API key goes. Sent as is, it is dropped (see graphiql.entry.mjs). */
export const GRAPHIQL_HEADERS_TEMPLATE = JSON.stringify({ Authorization: 'Bearer <paste an API key here>' }, null, 2);

const DEFAULT_QUERY = `# Paste your API key into the Headers tab below, then run (Ctrl-Enter).
{ plans { code round title } }
`;

/**
 * Everything the page loads comes from this origin: the bundle, Monaco's workers and fonts, and the API itself.
 * Monaco writes inline styles, hence 'unsafe-inline' for styles only.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/graphiql under the package root, where `npm run build` bundles the page (from src/ under Jest, or dist/src/). */
export function graphiqlAssetsDir(from = __dirname): string {
  return builtAssetsDir('graphiql', from);
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · action-plan tracker</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/assets/graphiql.css">
</head>
<body style="margin:0">
<div id="graphiql" style="height:100vh" data-endpoint="/graphql" data-default-query="${escapeAttr(DEFAULT_QUERY)}" data-default-headers="${escapeAttr(GRAPHIQL_HEADERS_TEMPLATE)}">Loading GraphiQL…</div>
<script type="module" src="/graphiql/assets/graphiql.js"></script>
</body>
</html>
`;
}

const NOT_BUILT = 'GraphiQL is not built: run `npm run build` (it bundles dist/graphiql from node_modules).\n';

/**
 * GET /graphiql and its assets, bundled at build time from the graphiql, react and monaco npm packages, so the page
 * works offline; on wherever introspection is (off in production unless GRAPHQL_INTROSPECTION=true).
 */
export async function registerGraphiql(app: NestFastifyApplication, config: AppConfig, assets = graphiqlAssetsDir()) {
  if (config.introspection === 'none') return;
  const fastify = app.getHttpAdapter().getInstance();
  const built = existsSync(join(assets, 'graphiql.js'));
  fastify.get('/graphiql', async (_req, reply) => {
    if (!built) return reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', GRAPHIQL_CSP).header('cache-control', 'no-cache').send(page());
  });
  if (built) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/graphiql/assets/',
      decorateReply: false,
      wildcard: false,
      preCompressed: true,
      // Names carry no hash: revalidate (ETag) so a rebuilt bundle is picked up.
      cacheControl: false,
      setHeaders: (res) => {
        res.header('cache-control', 'no-cache');
        res.header('content-security-policy', GRAPHIQL_CSP);
      },
    });
  }
}
