import { randomUUID } from 'node:crypto';
import { MercuriusDriverConfig } from '@nestjs/mercurius';
import mercurius from 'mercurius';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ANONYMOUS_DASHBOARD } from './auth/principal';
import { enforceFieldRoles } from './auth/field-roles';
import { describeRootTypes } from './common/root-type-descriptions';
import { encodeGlobalIds } from './common/global-id-fields';
import { AuthenticatedRequest } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { DocumentNode, GraphQLSchema } from 'graphql';
import { checkCost, checkDocument, checkIntrospection, limitRules } from './common/graphql-limits';
import { graphqlStatus, GRAPHQL_RESPONSE_JSON, responseMediaType } from './common/graphql-over-http';
import { toClientError } from './common/errors/error-mapper';
import { GraphQLContext } from './common/graphql-context';
import { RequestLoaders } from './common/loaders/request-loaders';
import { LocalDateScalar } from './common/scalars/local-date.scalar';
import { subscriptionLimitHooks } from './live/subscription-limits';
import { GRAPHQL_ROUTE } from './common/graphql-path';

const logger = new Logger('GraphQL');

/** Automatic persisted queries kept in memory (least recently used dropped first), and the longest one kept. */
export const PERSISTED_QUERIES_MAX = 1000;
export const PERSISTED_QUERY_MAX_LENGTH = 10_000;

/**
 * Mercurius's automatic persisted queries (an LRU of hash → query), bounded in bytes too: a longer query still runs
 * but is not kept (its client keeps sending it whole), so the store stays under ~20 MB whatever clients send.
 */
function persistedQueries() {
  const automatic = mercurius.persistedQueryDefaults.automatic(PERSISTED_QUERIES_MAX);
  const save = automatic.saveQuery!;
  return { ...automatic, saveQuery: async (hash: string, query: string) => (query.length <= PERSISTED_QUERY_MAX_LENGTH ? save(hash, query) : undefined) };
}

/** Headers that make a simple POST (form, text/plain) a preflighted request; CORS allows them too. */
export const PREFLIGHT_HEADERS = ['mercurius-require-preflight', 'x-mercurius-operation-name', 'apollo-require-preflight', 'x-apollo-operation-name'] as const;

/**
 * Mercurius options: context with per-request loaders, and one error formatter for every reply. `subscription`: the
 * WebSocket side's options (src/live), false without live updates.
 */
export function graphqlOptions(config: AppConfig, ds: DataSource, subscription: false | object = false): MercuriusDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { LocalDate: LocalDateScalar },
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    path: GRAPHQL_ROUTE,
    // Guards run on root resolvers; fields narrower than their roots carry @FieldRoles, checked by a plain wrapper
    // (auth/field-roles.ts). No enhancer chain per field: Nest then calls decorator-free field resolvers directly.
    transformSchema: (schema: GraphQLSchema) => encodeGlobalIds(enforceFieldRoles(describeRootTypes(schema))),
    graphiql: false, // served from bundled npm packages by src/graphiql (Mercurius's page loads a CDN)
    allowBatchedQueries: false,
    // Cross-site forgery: simple POSTs (form, text/plain) without a preflight header are refused by http-hardening.ts;
    // GETs are served as they are (queries only), which Mercurius's csrfPrevention would refuse.
    csrfPrevention: false,
    additionalRouteOptions: { bodyLimit: 1024 * 1024 },
    // Apollo's automatic persisted queries, GET and POST; the token and cost limits below apply to the stored query.
    persistedQueryProvider: persistedQueries(),
    validationRules: limitRules({ introspection: config.introspection }),
    subscription: subscription as MercuriusDriverConfig['subscription'],
    hooks: {
      ...(subscription ? subscriptionLimitHooks({ introspection: config.introspection }) : {}),
      preParsing: [async (_schema: unknown, source: string) => checkDocument(source)],
      preExecution: [
        async (schema: GraphQLSchema, document: DocumentNode, ctx: unknown, variables?: Record<string, unknown>) => {
          // The operation that will run (a GET carries it in the query string): only its cost counts.
          const request = (ctx as { reply?: { request?: { body?: unknown; query?: unknown } } }).reply?.request;
          const named = (from: unknown) => (from as { operationName?: unknown } | undefined)?.operationName;
          const operationName = named(request?.body) ?? named(request?.query);
          checkCost(schema, document, variables, typeof operationName === 'string' ? operationName : null);
          // GRAPHQL_INTROSPECTION=authenticated: validation let introspection through; only callers with a key use it.
          if (config.introspection === 'authenticated' && !(ctx as GraphQLContext).principal?.keyId) checkIntrospection(schema, document);
        },
      ],
    },
    context: (req: AuthenticatedRequest): Omit<GraphQLContext, 'req'> & { req: unknown } => ({
      req,
      loaders: new RequestLoaders(ds),
      principal: req.principal ?? (config.ANONYMOUS_READ && !req.authError ? ANONYMOUS_DASHBOARD : null),
    }),
    errorFormatter: (execution, ctx) => {
      const request = (
        ctx as {
          reply?: { request?: { id?: string; headers?: Record<string, string | string[] | undefined>; log?: { error(obj: object, msg: string): void } } };
        }
      ).reply?.request;
      const mediaType = responseMediaType(request?.headers?.accept);
      const requestId = request?.id ?? randomUUID();
      let httpStatus: number | undefined;
      const errors = (execution.errors ?? []).flatMap((err) => {
        // Mercurius's request errors (validation 400, mutation over GET 405) wrap the errors they report.
        const { errors: nested, statusCode } = (err.originalError ?? {}) as { errors?: unknown; statusCode?: unknown };
        if (!Array.isArray(nested)) return [err];
        if (typeof statusCode === 'number') httpStatus = statusCode;
        return nested;
      });
      const formatted = errors.map((err) => {
        const mapped = toClientError(err, { hideSuggestions: config.isProduction });
        if (mapped.internal) {
          // The one server-side line that carries the request id the client sees.
          const detail = { requestId, err: err.originalError ?? err, path: err.path };
          if (request?.log) request.log.error(detail, 'GraphQL request failed');
          else logger.error(JSON.stringify({ requestId, message: err.message, path: err.path }));
          mapped.extensions.requestId = requestId;
        }
        if (mapped.httpStatus) httpStatus = mapped.httpStatus;
        return { message: mapped.message, locations: err.locations, path: err.path, extensions: mapped.extensions };
      });
      // Mercurius hands over an execution result (with `data`, null when a root field failed) once execution has
      // started, and `{ errors }` alone for a request that never ran.
      const executed = 'data' in execution;
      const statusCode = graphqlStatus({ executed, mediaType, httpStatus, codes: formatted.map((e) => String(e.extensions.code)) });
      // application/graphql-response+json: a request error has no `data` entry (the spec's way to tell it apart).
      const response = executed || mediaType !== GRAPHQL_RESPONSE_JSON ? { data: execution.data ?? null, errors: formatted } : { errors: formatted };
      return { statusCode, response: response as { data: null; errors: typeof formatted } };
    },
  };
}
