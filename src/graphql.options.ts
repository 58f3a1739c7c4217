import { randomUUID } from 'node:crypto';
import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ANONYMOUS_DASHBOARD } from './auth/principal';
import { enforceFieldRoles } from './auth/field-roles';
import { encodeGlobalIds } from './common/global-id-fields';
import { AuthenticatedRequest } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { DocumentNode, GraphQLSchema } from 'graphql';
import { checkCost, checkDocument, limitRules } from './common/graphql-limits';
import { toClientError } from './common/errors/error-mapper';
import { GraphQLContext } from './common/graphql-context';
import { RequestLoaders } from './common/loaders/request-loaders';
import { LocalDateScalar } from './common/scalars/local-date.scalar';

const logger = new Logger('GraphQL');

/** Headers that make a GraphQL GET (or simple POST) a preflighted request; CORS allows them too. */
export const PREFLIGHT_HEADERS = ['mercurius-require-preflight', 'x-mercurius-operation-name', 'apollo-require-preflight', 'x-apollo-operation-name'] as const;

/** Mercurius options: context with per-request loaders, and one error formatter for every reply. */
export function graphqlOptions(config: AppConfig, ds: DataSource): MercuriusDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { LocalDate: LocalDateScalar },
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    path: '/graphql',
    // Guards run on root resolvers; fields narrower than their roots carry @FieldRoles, checked by a plain wrapper
    // (auth/field-roles.ts). No enhancer chain per field: Nest then calls decorator-free field resolvers directly.
    transformSchema: (schema: GraphQLSchema) => encodeGlobalIds(enforceFieldRoles(schema)),
    graphiql: false, // served from bundled npm packages by src/graphiql (Mercurius's page loads a CDN)
    allowBatchedQueries: false,
    // Refuses simple (form, text/plain) POSTs and GETs without a preflight header: no cross-site requests.
    // Mercurius's own header names and Apollo's (which Apollo clients send) both count.
    csrfPrevention: { requiredHeaders: [...PREFLIGHT_HEADERS] },
    additionalRouteOptions: { bodyLimit: 1024 * 1024 },
    validationRules: limitRules({ introspection: config.introspection }),
    hooks: {
      preParsing: [async (_schema: unknown, source: string) => checkDocument(source)],
      preExecution: [
        async (schema: GraphQLSchema, document: DocumentNode, ctx: unknown, variables?: Record<string, unknown>) => {
          // The operation that will run (a GET carries it in the query string): only its cost counts.
          const request = (ctx as { reply?: { request?: { body?: unknown; query?: unknown } } }).reply?.request;
          const named = (from: unknown) => (from as { operationName?: unknown } | undefined)?.operationName;
          const operationName = named(request?.body) ?? named(request?.query);
          checkCost(schema, document, variables, typeof operationName === 'string' ? operationName : null);
        },
      ],
    },
    context: (req: AuthenticatedRequest): Omit<GraphQLContext, 'req'> & { req: unknown } => ({
      req,
      loaders: new RequestLoaders(ds),
      principal: req.principal ?? (config.ANONYMOUS_READ && !req.authError ? ANONYMOUS_DASHBOARD : null),
    }),
    errorFormatter: (execution, ctx) => {
      const request = (ctx as { reply?: { request?: { id?: string; log?: { error(obj: object, msg: string): void } } } }).reply?.request;
      const requestId = request?.id ?? randomUUID();
      const errors = (execution.errors ?? []).flatMap((err) => {
        const nested = (err.originalError as { errors?: unknown })?.errors;
        return Array.isArray(nested) ? nested : [err];
      });
      let httpStatus: number | undefined;
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
      return {
        // A request that never ran (parse or validation failure) is a 400; anything that ran is a 200.
        statusCode:
          execution.data != null ? 200 : (httpStatus ?? (formatted.every((e) => e.extensions.code === 'BAD_USER_INPUT') ? 400 : 200)),
        response: { data: execution.data ?? null, errors: formatted },
      };
    },
  };
}
