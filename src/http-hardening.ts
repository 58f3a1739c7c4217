import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthenticatedRequest } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { ErrorCode } from './common/errors/error-code.enum';
import { PREFLIGHT_HEADERS } from './graphql.options';

/** Paths not counted against the per-key rate limit: health probes and bulk imports. */
const UNLIMITED = /^\/(health|import)(\/|$|\?)/;

/**
 * Draining on shutdown. Node's server.close() only reaps connections idle at that moment: a keep-alive connection
 * whose request was in flight stayed open after its reply, so close() never finished and SIGTERM ended in exit 1
 * at the grace deadline (found by the shutdown test). Replies sent while closing carry `Connection: close`, and
 * requests that arrive meanwhile get a coded 503 instead of Fastify's bare one (return503OnClosing is off).
 */
function registerDrain(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    await reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', '5')
      .send({ data: null, errors: [{ message: 'The server is shutting down; retry shortly', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
  });
  fastify.addHook('onSend', async (_req, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}

/** Security headers, CORS, per-key rate limiting and draining on shutdown, registered before any route. */
export async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig) {
  registerDrain(app);
  // Helmet's default CSP everywhere; the GraphiQL page and its assets send their own (src/graphiql).
  await app.register(helmet);
  const origins = config.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  await app.register(cors, {
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', ...PREFLIGHT_HEADERS],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // The principal hook runs first (onRequest), so a key is limited as a key wherever it calls from.
    hook: 'preHandler',
    keyGenerator: (req) => {
      const principal = (req as AuthenticatedRequest).principal;
      return principal?.keyId ? `key:${principal.keyId}` : `ip:${req.ip}`;
    },
    allowList: (req) => UNLIMITED.test(req.url),
    // An Error with a status: the GraphQL route's error formatter turns it into a RATE_LIMITED error.
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`Rate limit of ${ctx.max} requests a minute reached; retry in ${ctx.after}`), {
        statusCode: ctx.statusCode,
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
      }),
  });
}
