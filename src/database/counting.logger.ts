import { Logger as NestLogger } from '@nestjs/common';
import { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM logger that counts every SQL statement sent (tests and benchmarks read the count to check
 * statements-per-request budgets) and logs failures server-side only.
 */
export class CountingLogger implements Logger {
  static statements = 0;
  private readonly logger = new NestLogger('Database');

  logQuery(_query: string, _parameters?: unknown[], _runner?: QueryRunner) {
    CountingLogger.statements += 1;
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
