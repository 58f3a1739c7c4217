import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentNode, getOperationAST } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { KEPT_OPERATION, WithKeptOperation } from '../common/kept-operation';
import { carriesToken } from './metrics-access';
import { OperationNames } from './operation-names';
import { GRAPHQL_ROUTE, isGraphqlUrl } from '../common/graphql-path';

const METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
/** Seconds: from a 304 (~1 ms) to the statement timeout's neighbourhood. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Node's own metrics (event-loop lag, heap, GC, CPU) once per process, however many apps it runs (tests boot several):
// each collection starts an event-loop delay monitor that is never stopped.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The pg pool TypeORM keeps (null on a driver without one). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** What a GraphQL request has learnt for its metrics: the operation's name, and its first error's code. */
interface Outcome {
  operation?: string;
  code?: string;
}
const OUTCOME = Symbol('metricsOutcome');
type MeasuredRequest = FastifyRequest & { [OUTCOME]?: Outcome };

interface MercuriusContext {
  reply?: { request?: MeasuredRequest };
}
interface MercuriusHooks {
  addHook(name: 'preExecution', fn: (schema: unknown, document: DocumentNode, context: MercuriusContext) => Promise<void>): void;
  addHook(name: 'onResolution', fn: (execution: { errors?: readonly { extensions?: { code?: unknown } }[] }, context: MercuriusContext) => Promise<void>): void;
}

/** What the answer cache reports to /metrics. */
export interface AnswerCacheFigures {
  entries: number;
  hits: number;
  misses: number;
  uncached: number;
  invalidations: number;
}

/**
 * Prometheus metrics at /metrics: GraphQL requests by operation name and outcome code, latency histograms (GraphQL by
 * operation, HTTP by route), the database pool, open subscriptions and Node's own (event-loop lag among them).
 * Another module reports its open subscriptions with `countOpenSubscriptions(() => n)`.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  readonly registry = new Registry();
  private readonly operations = new OperationNames();
  private openSubscriptions: () => number = () => 0;
  private answerCache: () => AnswerCacheFigures = () => ({ entries: 0, hits: 0, misses: 0, uncached: 0, invalidations: 0 });

  private readonly graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome: OK, NOT_MODIFIED (a 304 revalidation) or the first error code',
    labelNames: ['operation', 'code'] as const,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation name',
    labelNames: ['operation'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    const pool = () => (this.ds.driver as unknown as { master?: PgPool }).master ?? null;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: total (open), idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p?.totalCount ?? 0);
        this.set({ state: 'idle' }, p?.idleCount ?? 0);
        this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'db_pool_max_connections',
      help: 'The most connections the pool opens',
      registers: [this.registry],
      collect() {
        this.set(pool()?.options?.max ?? 0);
      },
    });
    const cache = () => this.answerCache();
    new Gauge({
      name: 'answer_cache_entries',
      help: 'Answers the answer cache holds now',
      registers: [this.registry],
      collect() {
        this.set(cache().entries);
      },
    });
    // Counters kept by the cache itself, read at each scrape (they only grow while the process lives).
    new Counter({
      name: 'answer_cache_lookups_total',
      help: 'Answers asked of the answer cache: hit (served kept), miss (computed and kept), uncached (computed, the cache off or without a change signal)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        const c = cache();
        this.reset();
        this.inc({ outcome: 'hit' }, c.hits);
        this.inc({ outcome: 'miss' }, c.misses);
        this.inc({ outcome: 'uncached' }, c.uncached);
      },
    });
    new Counter({
      name: 'answer_cache_invalidations_total',
      help: 'Times every kept answer was dropped (a write, a notice, a data-version change, the LISTEN connection lost or back)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(cache().invalidations);
      },
    });
    const open = () => this.openSubscriptions();
    new Gauge({
      name: 'graphql_open_subscriptions',
      help: 'GraphQL subscriptions open on this instance',
      registers: [this.registry],
      collect() {
        this.set(open());
      },
    });
  }

  /** Where the answer cache's figures are read from (the HTTP cache module calls this once). */
  countAnswerCache(source: () => AnswerCacheFigures) {
    this.answerCache = source;
  }

  /** Where the open-subscriptions gauge reads from (the subscriptions module calls this once). */
  countOpenSubscriptions(source: () => number) {
    this.openSubscriptions = source;
  }

  /** Whether the request carries METRICS_TOKEN (then no API-key lookup is needed for it). */
  carriesMetricsToken(req: { headers: FastifyRequest['headers'] }): boolean {
    return carriesToken(req.headers.authorization, this.config.METRICS_TOKEN);
  }

  /** The exposition text: this app's metrics and the process's. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const [own, node] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${node}` };
  }

  /** Registers the timing hooks. Call before the routes exist, so Mercurius's routes get them too. */
  register(fastify: FastifyInstance) {
    processMetrics();
    // Before compression (a route hook, later): a GraphQL request error's code is read from the small JSON reply.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (!isGraphqlUrl(request.url)) return payload;
      const outcome = ((request as MeasuredRequest)[OUTCOME] ??= {});
      if (reply.statusCode === 304) outcome.code = 'NOT_MODIFIED';
      else if (outcome.code === undefined) outcome.code = codeOf(payload);
      return payload;
    });
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const seconds = reply.elapsedTime / 1000;
      const route = request.routeOptions.url ?? 'unmatched';
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      this.httpDuration.observe({ method, route, status: String(reply.statusCode) }, seconds);
      if (route !== GRAPHQL_ROUTE) return;
      const outcome = (request as MeasuredRequest)[OUTCOME] ?? {};
      const fields = (request.method === 'GET' ? request.query : request.body) as { operationName?: unknown } | undefined;
      const operation = outcome.operation ?? this.operations.label((request as WithKeptOperation)[KEPT_OPERATION] ?? fields?.operationName);
      this.graphqlRequests.inc({ operation, code: outcome.code ?? 'UNKNOWN' });
      this.graphqlDuration.observe({ operation }, seconds);
    });
  }

  /** Mercurius's hooks exist once GraphQL is set up: the operation that ran, and its errors. */
  onApplicationBootstrap() {
    const graphql = (this.adapterHost.httpAdapter?.getInstance() as { graphql?: MercuriusHooks } | undefined)?.graphql;
    if (!graphql) return;
    graphql.addHook('preExecution', async (_schema, document, context) => {
      const req = context.reply?.request;
      if (!req) return;
      const fields = (req.method === 'GET' ? req.query : req.body) as { operationName?: unknown } | undefined;
      const requested = typeof fields?.operationName === 'string' ? fields.operationName : undefined;
      (req[OUTCOME] ??= {}).operation = this.operations.label(getOperationAST(document, requested)?.name?.value);
    });
    graphql.addHook('onResolution', async (execution, context) => {
      const req = context.reply?.request;
      if (!req) return;
      const code = execution.errors?.[0]?.extensions?.code;
      (req[OUTCOME] ??= {}).code = execution.errors?.length ? (typeof code === 'string' ? code : 'UNKNOWN') : 'OK';
    });
  }
}

/** The first error code of a GraphQL reply that never ran (small: request errors), or OK / UNKNOWN. */
function codeOf(payload: unknown): string {
  if (typeof payload !== 'string' || payload.length > 65536) return 'UNKNOWN';
  // A reply kept by the answer cache (never one with errors) is sent without executing: no need to parse it.
  if (payload.startsWith('{"data":') && !payload.includes('"errors":')) return 'OK';
  try {
    const body = JSON.parse(payload) as { errors?: { extensions?: { code?: unknown } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    return body.errors?.length ? (typeof code === 'string' ? code : 'UNKNOWN') : 'OK';
  } catch {
    return 'UNKNOWN';
  }
}
