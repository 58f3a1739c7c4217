import { Logger as NestLogger } from '@nestjs/common';
import { Logger, QueryRunner } from 'typeorm';
import { BACKGROUND_SQL } from '../common/sql/background';

/**
 * TypeORM logger that counts every SQL statement sent (tests and benchmarks read the count to check
 * statements-per-request budgets) and logs failures server-side only.
 */
export class CountingLogger implements Logger {
  static statements = 0;
  /** Of those, the statements marked as sent in the background (common/sql/background.ts), for no request. */
  static background = 0;
  private readonly logger = new NestLogger('Database');

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner) {
    CountingLogger.statements += 1;
    if (query.startsWith(BACKGROUND_SQL)) CountingLogger.background += 1;
  }

  logQueryError(error: string | Error, query: string) {
    const message = error instanceof Error ? error.message : error;
    this.logger.warn(`Query failed: ${message} — ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logQuerySlow(time: number, query: string) {
    this.logger.warn(`Slow query (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  logSchemaBuild(message: string) {
    this.logger.debug(message);
  }

  logMigration(message: string) {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
