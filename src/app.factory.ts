import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { registerPrincipalHook } from './auth/principal.hook';
import { AppConfig } from './common/config/app-config';
import { DatabaseHandle, openConfiguredDatabase } from './database/open-database';
import { registerHttpHardening } from './http-hardening';

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Opens the database (embedded or DATABASE_URL), runs migrations, seeds an empty database and builds the app.
 * opts.database: one the caller already started opening (main.ts does, to overlap it with loading this module).
 */
export async function createApp(
  config: AppConfig,
  opts: { logger?: false; database?: Promise<DatabaseHandle> } = {},
): Promise<RunningApp> {
  const database = await (opts.database ?? openConfiguredDatabase(config));
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, database.url, Math.min(config.DB_POOL_SIZE, database.maxPoolSize)),
      new FastifyAdapter({
        trustProxy: false,
        bodyLimit: 1024 * 1024,
        genReqId: () => randomUUID(),
        // Structured JSON logs (pino); every line of a request carries its reqId.
        logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL },
        // Requests that arrive while draining get a coded 503 from http-hardening.ts instead.
        return503OnClosing: false,
      }),
      { logger: opts.logger ?? ['error', 'warn', 'log'], abortOnError: false },
    );
    registerPrincipalHook(app.getHttpAdapter().getInstance(), app.get(ApiKeysService));
    await registerHttpHardening(app, config);
    app.useGlobalPipes(new ValidationPipe({ transform: true, forbidUnknownValues: false }));
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
    };
  } catch (err) {
    await database.stop();
    throw err;
  }
}
