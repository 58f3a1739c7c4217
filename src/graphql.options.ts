import { randomUUID } from 'node:crypto';
import { MercuriusDriverConfig } from '@nestjs/mercurius';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ANONYMOUS_DASHBOARD } from './auth/principal';
import { AuthenticatedRequest } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { toClientError } from './common/errors/error-mapper';
import { GraphQLContext } from './common/graphql-context';
import { RequestLoaders } from './common/loaders/request-loaders';
import { LocalDateScalar } from './common/scalars/local-date.scalar';

const logger = new Logger('GraphQL');

/** Mercurius options: context with per-request loaders, and one error formatter for every reply. */
export function graphqlOptions(config: AppConfig, ds: DataSource): MercuriusDriverConfig {
  return {
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { LocalDate: LocalDateScalar },
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    path: '/graphql',
    // Guards run on field resolvers too, so a role check holds however deep a field is reached.
    fieldResolverEnhancers: ['guards'],
    graphiql: config.introspection,
    context: (req: AuthenticatedRequest): Omit<GraphQLContext, 'req'> & { req: unknown } => ({
      req,
      loaders: new RequestLoaders(ds),
      principal: req.principal ?? (config.ANONYMOUS_READ && !req.authError ? ANONYMOUS_DASHBOARD : null),
    }),
    errorFormatter: (execution, ctx) => {
      const requestId = (ctx as { reply?: { request?: { id?: string } } }).reply?.request?.id ?? randomUUID();
      const errors = (execution.errors ?? []).flatMap((err) => {
        const nested = (err.originalError as { errors?: unknown })?.errors;
        return Array.isArray(nested) ? nested : [err];
      });
      const formatted = errors.map((err) => {
        const mapped = toClientError(err, { hideSuggestions: config.isProduction });
        if (mapped.internal) {
          logger.error({ requestId, message: err.message, stack: (err.originalError ?? err).stack, path: err.path });
          mapped.extensions.requestId = requestId;
        }
        return { message: mapped.message, locations: err.locations, path: err.path, extensions: mapped.extensions };
      });
      return {
        // A request that never ran (parse or validation failure) is a 400; anything that ran is a 200.
        statusCode: execution.data == null && formatted.every((e) => e.extensions.code === 'BAD_USER_INPUT') ? 400 : 200,
        response: { data: execution.data ?? null, errors: formatted },
      };
    },
  };
}
