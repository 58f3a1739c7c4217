import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyRequest } from 'fastify';
import { AuthenticatedRequest } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { DomainException } from './common/errors/domain.exception';
import { ErrorCode } from './common/errors/error-code.enum';
import { sendRestError } from './common/errors/rest-error.filter';
import { LIMITS } from './common/graphql-limits';
import { GRAPHQL_RESPONSE_JSON, isCrossSiteForgeable, responseMediaType } from './common/graphql-over-http';
import { PREFLIGHT_HEADERS } from './graphql.options';
import { isGraphqlUrl } from './common/graphql-path';

/** Paths not counted against the per-key rate limit: health probes and bulk imports. */
const UNLIMITED = /^\/(health|import)(\/|$|\?)/;

/** An incoming X-Request-Id is kept when it is this sane; otherwise the server makes one. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** The request id: the caller's (or its proxy's) X-Request-Id when sane, else a new UUID. Fastify's genReqId. */
export function requestIdFor(req: { headers: IncomingMessage['headers'] }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Options for Fastify's Node server: request timeouts and keep-alive limits (slow clients, item 9.6). */
export function serverOptions(config: AppConfig) {
  return {
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    // Whole request (headers and body) within REQUEST_TIMEOUT_MS, else 408 and the connection is closed.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(config.REQUEST_TIMEOUT_MS, 60_000),
      // Node checks those timeouts on this interval (30 s by default, which doubled the limit).
      connectionsCheckingInterval: Math.min(1000, config.REQUEST_TIMEOUT_MS),
    },
  };
}

/** Depth of a parsed JSON value, walked without recursion; stops counting past `max`. */
export function jsonDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > max) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Refuses a JSON body (or GraphQL GET variables) nested deeper than LIMITS.jsonDepth before anything recurses into
 * it: 5,000 levels of variables once reached the cost check's JSON.stringify and came back INTERNAL_SERVER_ERROR.
 */
function registerDepthCheck(app: NestFastifyApplication) {
  const refuse = () => new DomainException(ErrorCode.BAD_USER_INPUT, `The request body is nested more than ${LIMITS.jsonDepth} levels deep`, {}, 400);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (req: FastifyRequest) => {
      if (jsonDepth(req.body, LIMITS.jsonDepth) > LIMITS.jsonDepth) throw refuse();
      const variables = (req.query as { variables?: unknown } | undefined)?.variables;
      if (typeof variables === 'string') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(variables);
        } catch {
          return; // Mercurius refuses it with its own message
        }
        if (jsonDepth(parsed, LIMITS.jsonDepth) > LIMITS.jsonDepth) throw refuse();
      }
    });
}

/**
 * The GraphQL route's HTTP rules that Mercurius does not have. Cross-site forgery: a POST that a form can send
 * (text/plain, urlencoded, multipart) needs a preflight header, as before; a GET is served as it is (see
 * isCrossSiteForgeable). And a null `extensions`, which the spec allows (a MUST) and Mercurius's body schema refuses,
 * means no extensions.
 */
function registerGraphqlHttp(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (req: FastifyRequest) => {
    if (!isGraphqlUrl(req.url) || !isCrossSiteForgeable(req, PREFLIGHT_HEADERS)) return;
    throw new DomainException(
      ErrorCode.BAD_USER_INPUT,
      `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF): send the body as application/json, or add one of the headers ${PREFLIGHT_HEADERS.join(', ')}`,
      {},
      400,
    );
  });
  fastify.addHook('preValidation', async (req: FastifyRequest) => {
    if (!isGraphqlUrl(req.url) || (req as { ws?: boolean }).ws) return; // a WebSocket upgrade (src/live) has no body
    const body = (req.method === 'GET' ? req.query : req.body) as { query?: unknown; extensions?: unknown; variables?: unknown } | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return; // Mercurius refuses it with its own message
    // Without this, Mercurius answers a missing query as an unknown persisted query.
    if ((body.query === undefined || body.query === '') && body.extensions == null) {
      throw new DomainException(ErrorCode.BAD_USER_INPUT, 'The request has no `query`: send { query, variables, operationName }', {}, 400);
    }
    if (body.extensions === null) delete body.extensions;
    // The body schema's type coercion would turn `"variables": 0` or `false` into null and run the query.
    if (req.method === 'POST' && body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
      throw new DomainException(ErrorCode.BAD_USER_INPUT, '`variables` must be an object (or null)', {}, 400);
    }
  });
  // Mercurius always answers application/json; a client that prefers the GraphQL response type gets it.
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (!isGraphqlUrl(req.url)) return payload;
    reply.header('vary', 'Accept');
    const sent = reply.getHeader('content-type');
    if (typeof sent === 'string' && sent.startsWith('application/json') && responseMediaType(req.headers.accept) === GRAPHQL_RESPONSE_JSON) {
      reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    }
    return payload;
  });
}

/** Every reply carries its request id, the reqId of its log lines (errors and 404s included). */
function registerRequestIdHeader(app: NestFastifyApplication) {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (req, reply, payload) => {
      reply.header('x-request-id', req.id);
      return payload;
    });
}

/**
 * Draining on shutdown. Node's server.close() only reaps connections idle at that moment: a keep-alive connection
 * whose request was in flight stayed open after its reply, so close() never finished and SIGTERM ended in exit 1
 * at the grace deadline (found by the shutdown test). Replies sent while closing carry `Connection: close`, and
 * requests that arrive meanwhile get a coded 503 instead of Fastify's bare one (return503OnClosing is off).
 * Once no handler is running, every remaining connection is closed: a client still sending its body (or idle)
 * has nothing acknowledged to lose, and no longer holds shutdown until the grace deadline.
 */
function registerDrain(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  // Requests whose body has arrived and whose reply has not finished: their handlers may be writing.
  const handling = new Set<FastifyRequest>();
  fastify.addHook('preValidation', async (req, reply) => {
    handling.add(req);
    reply.raw.once('close', () => handling.delete(req));
  });
  fastify.addHook('preClose', async () => {
    closing = true;
    const server = fastify.server;
    const reap = setInterval(() => {
      if (handling.size > 0) return;
      clearInterval(reap);
      server.closeAllConnections();
    }, 25);
    reap.unref();
    server.once('close', () => clearInterval(reap));
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

/**
 * Errors raised before a REST handler runs (content-type parsers, body limits, hooks such as the principal hook or
 * the rate limiter) get the same coded reply as errors inside it. Fastify routes keep the error handler of the
 * moment they are added; Nest sets its own only after adding its routes (so it never reached them), and a second
 * one in the same scope is a Fastify warning: this one, set first, serves every route outside GraphQL.
 */
function registerErrorHandler(app: NestFastifyApplication) {
  const adapter = app.getHttpAdapter();
  adapter.getInstance().setErrorHandler((err, req, reply) => sendRestError(req, reply, err));
  adapter.setErrorHandler = () => undefined;
}

/** Security headers, CORS, per-key rate limiting, request ids, body depth and draining on shutdown, registered before any route. */
export async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig) {
  registerErrorHandler(app);
  registerRequestIdHeader(app);
  registerDrain(app);
  registerDepthCheck(app);
  registerGraphqlHttp(app);
  // Helmet's default CSP everywhere; the GraphiQL page and its assets send their own (src/graphiql).
  await app.register(helmet);
  const origins = config.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  await app.register(cors, {
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'if-none-match', ...PREFLIGHT_HEADERS],
    exposedHeaders: ['x-request-id', 'etag'],
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
