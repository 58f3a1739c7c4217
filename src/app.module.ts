import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasResolver } from './areas/areas.resolver';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './common/config/app-config';
import { ConfigModule } from './common/config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { EvaluationsResolver } from './evaluations/evaluations.resolver';
import { graphqlOptions } from './graphql.options';
import { IndicatorReadingsResolver, IndicatorsResolver } from './indicators/indicators.resolver';
import { IndicatorsService } from './indicators/indicators.service';
import { PlansResolver } from './plans/plans.resolver';
import { PlansService } from './plans/plans.service';
import { ProgressResolver } from './progress/progress.resolver';
import { ProgressService } from './progress/progress.service';
import { RegionsResolver } from './regions/regions.resolver';
import { SeedService } from './seed/seed.service';
import { CatalogAdminModule } from './catalog-admin.module';
import { HealthModule } from './health/health.module';
import { ImportExportModule } from './import-export/import-export.module';
import { TaskUpdatesModule } from './task-updates/task-updates.module';
import { TasksResolver } from './tasks/tasks.resolver';
import { NodeResolver } from './node/node.resolver';
import { NodeService } from './node/node.service';
import { TasksService } from './tasks/tasks.service';
import { LiveConnections } from './live/live-connections';
import { LiveModule } from './live/live.module';

/** Every resolver of the API (also used to emit schema.gql without a database). */
export const RESOLVERS = [
  PlansResolver, AreasResolver, TasksResolver, RegionsResolver, EvaluationsResolver,
  IndicatorsResolver, IndicatorReadingsResolver, ProgressResolver, NodeResolver,
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
        AuthModule,
        HealthModule,
        TaskUpdatesModule,
        CatalogAdminModule,
        ImportExportModule,
        LiveModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [LiveModule],
          inject: [getDataSourceToken(), LiveConnections],
          useFactory: async (ds: DataSource, live: LiveConnections) => graphqlOptions(config, ds, await live.mercuriusOptions()),
        }),
      ],
      providers: [...RESOLVERS, PlansService, TasksService, ProgressService, IndicatorsService, SeedService, NodeService],
    };
  }
}
