import 'reflect-metadata';
import { MemoValidationPipe } from './common/memo-validation.pipe';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { registerPrincipalHook } from './auth/principal.hook';
import { DestinationStream } from 'pino';
import { AppConfig } from './common/config/app-config';
import { RestErrorFilter } from './common/errors/rest-error.filter';
import { createLogger, PinoNestLogger } from './common/logger';
import { cancelRunningStatements } from './database/cancel-statements';
import { DatabaseHandle, openConfiguredDatabase } from './database/open-database';
import { registerDashboard } from './dashboard/dashboard.routes';
import { registerGraphiql } from './graphiql/graphiql.routes';
import { registerHttpHardening, serverOptions } from './http-hardening';
import { HttpCacheService } from './http-cache/http-cache.service';
import { AnswerCache } from './http-cache/answer-cache.service';
import { MetricsService } from './metrics/metrics.service';
import { TrustedDocumentsService } from './trusted-documents/trusted-documents.service';

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: DatabaseHandle;
  close(): Promise<void>;
  /** Cancels the statements the app's connections are running (shutdown deadline); returns how many. */
  cancelStatements(): Promise<number>;
}

/**
 * Opens the database (embedded or DATABASE_URL), runs migrations, seeds an empty database and builds the app.
 * opts.database: one the caller already started opening (main.ts does, to overlap it with loading this module).
 * opts.logger: where log lines go (false: formatted and dropped, as in tests; default stdout).
 */
export async function createApp(config: AppConfig, opts: { logger?: false | DestinationStream; database?: Promise<DatabaseHandle> } = {}): Promise<RunningApp> {
  const database = await (opts.database ?? openConfiguredDatabase(config));
  let started: NestFastifyApplication | undefined;
  try {
    // One pino logger for Fastify's request lines and Nest's own; every line of a request carries its reqId.
    const logger = createLogger(config, opts.logger);
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, database.url, Math.min(config.DB_POOL_SIZE, database.maxPoolSize)),
      new FastifyAdapter({
        ...serverOptions(config),
        bodyLimit: 1024 * 1024,
        loggerInstance: logger,
        // Requests that arrive while draining get a coded 503 from http-hardening.ts instead.
        return503OnClosing: false,
      }),
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
    started = app;
    const fastify = app.getHttpAdapter().getInstance();
    const metrics = app.get(MetricsService);
    registerPrincipalHook(fastify, app.get(ApiKeysService), {
      failedLookupsPerMinute: config.RATE_LIMIT_PER_MINUTE,
      skipLookup: (req) => req.url === '/metrics' && metrics.carriesMetricsToken(req),
    });
    // Document ids become documents before http-hardening's GraphQL checks (which refuse a request without a query).
    app.get(TrustedDocumentsService).register(fastify);
    await registerHttpHardening(app, config);
    metrics.register(fastify);
    await app.get(HttpCacheService).register(app);
    app.get(AnswerCache).register(fastify);
    await registerGraphiql(app, config);
    await registerDashboard(app);
    app.useGlobalPipes(new MemoValidationPipe({ transform: true, forbidUnknownValues: false }));
    app.useGlobalFilters(new RestErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    database.publish(); // migrated and seeded: the CLIs may now work through this process
    return {
      app,
      config,
      database,
      async close() {
        await app.close();
        await database.stop();
      },
      cancelStatements: () => (database.embedded ? Promise.resolve(0) : cancelRunningStatements(app.get(DataSource))),
    };
  } catch (err) {
    // A start that fails half-way (e.g. a stale trusted-documents manifest) stops what already runs: timers, listeners, the pool.
    await started?.close().catch(() => undefined);
    await database.stop();
    throw err;
  }
}
