import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { CountingLogger } from './counting.logger';
import { ENTITIES } from './entities';

export interface PoolSettings {
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
}

/** TypeORM options shared by the app, the CLI scripts and the tests. `synchronize` is never on. */
export function dataSourceOptions(url: string, pool: PoolSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new CountingLogger(),
    maxQueryExecutionTime: 1000,
    extra: {
      max: pool.poolSize,
      connectionTimeoutMillis: pool.connectTimeoutMs,
      // Sent as a start-up parameter, so it holds for every connection of the pool.
      statement_timeout: pool.statementTimeoutMs,
      idleTimeoutMillis: 30000,
      application_name: 'action-plan-tracker',
    },
  };
}
