import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasModule } from './areas/areas.module';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './common/config/app-config';
import { ConfigModule } from './common/config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { graphqlOptions } from './graphql.options';
import { HealthModule } from './health/health.module';
import { ImportExportModule } from './import-export/import-export.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { NodeModule } from './node/node.module';
import { PlansModule } from './plans/plans.module';
import { ProgressModule } from './progress/progress.module';
import { RegionsModule } from './regions/regions.module';
import { SeedModule } from './seed/seed.module';
import { TaskUpdatesModule } from './task-updates/task-updates.module';
import { TasksModule } from './tasks/tasks.module';
import { HttpCacheModule } from './http-cache/http-cache.module';
import { MetricsModule } from './metrics/metrics.module';
import { TrustedDocumentsModule } from './trusted-documents/trusted-documents.module';
import { LiveConnections } from './live/live-connections';
import { LiveModule } from './live/live.module';

/** The feature modules, one per folder: together they make the API (and the schema `npm run schema` emits). */
export const FEATURE_MODULES = [
  AuthModule,
  HealthModule,
  PlansModule,
  AreasModule,
  RegionsModule,
  TasksModule,
  TaskUpdatesModule,
  IndicatorsModule,
  EvaluationsModule,
  ProgressModule,
  NodeModule,
  ImportExportModule,
  SeedModule,
];

/** How long a request may wait for the embedded database's one connection (the longest import takes ~15 s). */
const EMBEDDED_QUEUE_WAIT_MS = 30_000;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, poolSize = config.DB_POOL_SIZE): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            poolSize,
            statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
            // On embedded PGlite the pool's queue is the database's queue: a request waits its turn there while an
            // import holds the session, rather than failing after a connect timeout meant for a server.
            connectTimeoutMs: config.DATABASE_URL ? config.DB_CONNECT_TIMEOUT_MS : Math.max(config.DB_CONNECT_TIMEOUT_MS, EMBEDDED_QUEUE_WAIT_MS),
            // Not on embedded PGlite: its one session outlives a socket connection, so a name could already exist.
            preparedStatements: config.DB_PREPARED_STATEMENTS && !!config.DATABASE_URL,
          }),
          migrationsRun: true,
        }),
        ...FEATURE_MODULES,
        HttpCacheModule,
        MetricsModule,
        TrustedDocumentsModule,
        LiveModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [LiveModule],
          inject: [getDataSourceToken(), LiveConnections],
          useFactory: async (ds: DataSource, live: LiveConnections) => graphqlOptions(config, ds, await live.mercuriusOptions()),
        }),
      ],
    };
  }
}
