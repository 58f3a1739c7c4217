import { pipeline, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { ImportFormat } from './import-format';
import { EXPORT_BATCH_ROWS, EXPORT_STATEMENT_TIMEOUT_MS } from './import-limits';
import { csvEncoder, jsonEncoder } from './task-file.renderer';
import { PLAN_EXPORT_ROWS_SQL } from './task-rows.sql';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** The file, written as the rows arrive from the database cursor. */
  body: Readable;
}

const logger = new Logger('Export');

/**
 * A plan's tasks as a file in the exchange format: key tasks and sub-tasks (parentCode links them), archived
 * tasks left out, ordered by code. One statement reads the rows, through a cursor (pg-query-stream) that fetches
 * them in batches as the client takes the file: memory stays bounded whatever the plan's size, and the rows are one
 * snapshot. The cursor runs in its own transaction with a longer statement timeout (the statement lasts as long as
 * the download); the connection goes back to the pool when the file ends or the client goes away.
 */
@Injectable()
export class TaskExportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async export(planCode: string, format: ImportFormat): Promise<ExportFile> {
    const [plan] = await this.ds.query('SELECT id FROM plan WHERE code = $1', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
    const runner = this.ds.createQueryRunner();
    let rows: Readable;
    try {
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      await runner.query(`SET LOCAL statement_timeout = ${EXPORT_STATEMENT_TIMEOUT_MS}`);
      this.ds.logger.logQuery(PLAN_EXPORT_ROWS_SQL, [plan.id], runner);
      rows = client.query(new QueryStream(PLAN_EXPORT_ROWS_SQL, [plan.id], { batchSize: EXPORT_BATCH_ROWS }));
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw err;
    }
    const encoder = format === ImportFormat.CSV ? csvEncoder() : jsonEncoder(planCode, new Date());
    // pipeline ends every stage on a failure or when the client goes away (the cursor closes); then the transaction
    // ends and the connection goes back to the pool.
    const body = pipeline(rows, encoder, (err) => {
      if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.error(`export of plan ${planCode} failed: ${err.message}`);
      const end = err ? runner.rollbackTransaction() : runner.commitTransaction();
      void end.catch(() => undefined).finally(() => void runner.release());
    }) as unknown as Readable;
    const base = `${planCode.replace(/[^A-Za-z0-9._-]+/g, '_')}-tasks-${todayUtc()}`;
    return format === ImportFormat.CSV
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body }
      : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body };
  }
}
