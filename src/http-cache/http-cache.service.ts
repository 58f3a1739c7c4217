import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import compress from '@fastify/compress';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentNode, getOperationAST, GraphQLSchema } from 'graphql';
import { KEPT_OPERATION, WithKeptOperation } from '../common/kept-operation';
import { ANONYMOUS_DASHBOARD } from '../auth/principal';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { AppConfig } from '../common/config/app-config';
import { responseMediaType } from '../common/graphql-over-http';
import { codeFingerprint } from './code-fingerprint';
import { DataVersionService } from './data-version.service';
import { cacheControlFor, etagFor, ifNoneMatchHits, withVary } from './etag';
import { readsUnversionedType } from './uncached-types';
import { AnswerCache } from './answer-cache.service';
import { replyKey, writesData } from './answer-cache.rules';
import { GRAPHQL_ROUTE, isGraphqlUrl } from '../common/graphql-path';

/** A GraphQL reply kept in the answer cache: its body, media type and the name of the operation that ran. */
interface KeptReply {
  body: string;
  type: string;
  operation?: string;
}

/** Answers smaller than this go out uncompressed (gzip's header and the CPU would not pay off). */
export const COMPRESSION_THRESHOLD = 1024;

/** What one /graphql request has learnt on its way: its ETag (GET), its key in the answer cache, and whether its answer may carry or keep them. */
interface CacheState {
  etag?: string;
  shared: boolean;
  /** Its key in the answer cache, and the cache's epoch before it executed (see AnswerCache.store). */
  answer?: { key: string; epoch: number };
  /** The document holds no mutation (and no subscription): its reply may be kept. */
  readOnly?: boolean;
  /** The name of the operation that ran, if it has one (kept with the reply, for /metrics). */
  operation?: string;
  /** Execution ended without errors (set by the onResolution hook). */
  clean?: boolean;
  /** The document reads a type the data version does not cover. */
  unversioned?: boolean;
}
const STATE = Symbol('httpCache');
type CachingRequest = AuthenticatedRequest & WithKeptOperation & { [STATE]?: CacheState };

interface MercuriusContext {
  reply?: { request?: CachingRequest };
}
interface MercuriusHooks {
  addHook(name: 'preExecution', fn: (schema: GraphQLSchema, document: DocumentNode, context: MercuriusContext) => Promise<void>): void;
  addHook(name: 'onResolution', fn: (execution: { errors?: readonly unknown[] }, context: MercuriusContext) => Promise<void>): void;
}

/**
 * Cheap polling. A query over GET whose answer ran without errors carries a weak ETag made from the request, the
 * caller's view (role and regions), the media type, the code and the data state read before execution; the same
 * GET with a matching If-None-Match is answered 304 after one small read, without parsing or executing anything.
 * Cache-Control: `private, no-cache` for keyed callers, `public, max-age=CACHE_PUBLIC_MAX_AGE` for the anonymous
 * view, `no-store` for POST and for answers with errors. And gzip/brotli for large answers (COMPRESSION).
 */
@Injectable()
export class HttpCacheService implements OnApplicationBootstrap {
  /**
   * Started at construction, read off the start-up path; the first GET waits for it if it comes sooner. Unreadable:
   * a value of this process's own (tags are then not shared across instances, but never wrongly matched).
   */
  private readonly code = codeFingerprint(resolve(__dirname, '..', '..')).catch(() => randomUUID());

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly versions: DataVersionService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly answers: AnswerCache,
  ) {}

  /** The caller's view of the data, or null when its answer is not to be tagged (bad key, no key). */
  private viewer(req: AuthenticatedRequest): { key: string; shared: boolean } | null {
    if (req.authError) return null;
    const p = req.principal ?? (this.config.ANONYMOUS_READ ? ANONYMOUS_DASHBOARD : null);
    if (!p) return null;
    return { key: `${p.role}:${[...p.regions].sort().join(',')}`, shared: p.keyId === null };
  }

  /** Runs after the rate limiter (a route hook added after its own): a 304 still counts as a request. */
  private async revalidate(request: FastifyRequest, reply: FastifyReply) {
    const req = request as CachingRequest;
    const viewer = this.viewer(req);
    if (!viewer) return;
    let dataState: string;
    try {
      dataState = await this.versions.current();
    } catch {
      return; // the query will report the database's state itself
    }
    const etag = etagFor({ dataState, codeFingerprint: await this.code, url: req.url, viewer: viewer.key, mediaType: responseMediaType(req.headers.accept) });
    req[STATE] = { etag, shared: viewer.shared };
    if (!ifNoneMatchHits(req.headers['if-none-match'], etag)) return;
    await reply.code(304).header('etag', etag).header('cache-control', cacheControlFor(viewer.shared, this.config.CACHE_PUBLIC_MAX_AGE)).send();
  }

  /**
   * The last pre-handler of /graphql (after the rate limiter, the request checks and revalidation): a query this
   * viewer asked before, with nothing changed since, is answered with the kept reply, without parsing or executing.
   * Otherwise the request learns its key, and its reply is kept in onSend if it may be.
   */
  private async answerKept(request: FastifyRequest, reply: FastifyReply) {
    const req = request as CachingRequest;
    if (!this.answers.active()) return;
    const viewer = this.viewer(req);
    if (!viewer) return;
    const state = req[STATE];
    // A GET has read the data state for its tag: its reply is kept under that tag too, so a GET is never answered
    // from before a change, even one made by another instance a moment ago (and never tagged with a newer state).
    if (req.method === 'GET' && !state?.etag) return;
    const key = replyKey({
      viewer: `${viewer.key}:${viewer.shared ? 'anonymous' : 'keyed'}${state?.etag ? `:${state.etag}` : ''}`,
      mediaType: responseMediaType(req.headers.accept),
      method: req.method,
      url: req.url,
      body: req.body,
    });
    if (key === null) return;
    const own = state ?? (req[STATE] = { shared: viewer.shared });
    const kept = this.answers.peek(key) as KeptReply | undefined;
    if (kept) {
      own.clean = true;
      own.unversioned = false;
      req[KEPT_OPERATION] = kept.operation;
      await reply.header('content-type', kept.type).send(kept.body);
      return;
    }
    own.answer = { key, epoch: this.answers.epochNow() };
  }

  /** Registers the hooks and compression. Call before the routes exist (Mercurius's, Nest's, GraphiQL's). */
  async register(app: NestFastifyApplication) {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (route.url !== GRAPHQL_ROUTE || !(methods.includes('GET') || methods.includes('POST'))) return;
      const own = Array.isArray(route.preHandler) ? route.preHandler : route.preHandler ? [route.preHandler] : [];
      const added = methods.includes('GET') ? [this.revalidate.bind(this), this.answerKept.bind(this)] : [this.answerKept.bind(this)];
      route.preHandler = [...own, ...added];
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (!isGraphqlUrl(request.url)) return payload;
      const req = request as CachingRequest;
      reply.header('vary', withVary(reply.getHeader('vary'), ['accept', 'authorization', 'accept-encoding']));
      if (reply.statusCode === 304) return payload;
      const state = req[STATE];
      // Before compression (registered below): the reply is still the JSON text.
      if (state?.answer && state.readOnly && state.clean === true && !state.unversioned && reply.statusCode === 200 && typeof payload === 'string') {
        const kept: KeptReply = { body: payload, type: String(reply.getHeader('content-type') ?? 'application/json'), operation: state.operation };
        this.answers.store(state.answer.key, kept, state.answer.epoch, payload.length);
      }
      if (req.method === 'GET' && state?.etag && reply.statusCode === 200 && state.clean === true && !state.unversioned) {
        reply.header('etag', state.etag).header('cache-control', cacheControlFor(state.shared, this.config.CACHE_PUBLIC_MAX_AGE));
      } else {
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    if (this.config.COMPRESSION) {
      // Request bodies are not inflated: a small gzip body must not turn into a large one behind the body limit.
      await app.register(compress, { threshold: COMPRESSION_THRESHOLD, encodings: ['br', 'gzip', 'deflate'], globalDecompression: false });
    }
  }

  /** Mercurius's hooks exist once GraphQL is set up: learn whether the answer may be tagged. */
  onApplicationBootstrap() {
    const graphql = (this.adapterHost.httpAdapter?.getInstance() as { graphql?: MercuriusHooks } | undefined)?.graphql;
    if (!graphql) return;
    graphql.addHook('preExecution', async (schema, document, context) => {
      const state = context.reply?.request?.[STATE];
      if (!state) return;
      state.unversioned = readsUnversionedType(schema, document);
      state.readOnly = !writesData(document);
      const request = context.reply?.request;
      const fields = (request?.method === 'GET' ? request.query : request?.body) as { operationName?: unknown } | undefined;
      state.operation = getOperationAST(document, typeof fields?.operationName === 'string' ? fields.operationName : undefined)?.name?.value;
    });
    graphql.addHook('onResolution', async (execution, context) => {
      const state = context.reply?.request?.[STATE];
      if (state) state.clean = !execution.errors || execution.errors.length === 0;
    });
  }
}
