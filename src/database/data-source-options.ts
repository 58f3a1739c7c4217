import { Client, ClientConfig } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { CountingLogger } from './counting.logger';
import { ENTITIES } from './entities';
import { preparedName } from '../common/sql/prepared';

export interface PoolSettings {
  poolSize: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Send registered hot statements as named prepared statements (not through PgBouncer's transaction mode, not PGlite). */
  preparedStatements?: boolean;
}

/**
 * A pg client that always has an "error" listener. pg-pool drops its idle listener when it hands out a new client,
 * and TypeORM adds its own one microtask later; a FATAL message that arrives in the same TCP chunk as the
 * client's first ReadyForQuery (a backend terminated as it finishes starting, e.g. during a fast shutdown) is
 * emitted in between, with no listener, and an unhandled "error" event ends the process. Seen in the outage test.
 * The client is then marked unusable, its first query fails (SERVICE_UNAVAILABLE) and the pool discards it.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** A GuardedClient that sends texts registered with `prepared()` as named statements (parsed and planned once). */
export class PreparingClient extends GuardedClient {
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) && args.length === 2 ? preparedName(text) : undefined;
    return name ? (super.query as any)({ name, text, values }) : (super.query as any)(...args);
  }
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
      Client: pool.preparedStatements ? PreparingClient : GuardedClient,
      max: pool.poolSize,
      connectionTimeoutMillis: pool.connectTimeoutMs,
      // Sent as a start-up parameter, so it holds for every connection of the pool.
      statement_timeout: pool.statementTimeoutMs,
      idleTimeoutMillis: 30000,
      application_name: 'action-plan-tracker',
    },
  };
}
