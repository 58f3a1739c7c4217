import { pipeline, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { ImportFormat } from './import-format';
import { EXPORT_BATCH_ROWS, EXPORT_PAGE_ROWS, EXPORT_STATEMENT_TIMEOUT_MS } from './import-limits';
import { csvEncoder, jsonEncoder } from './task-file.renderer';
import { PLAN_EXPORT_PAGE_SQL, PLAN_EXPORT_ROWS_SQL } from './task-rows.sql';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** The file, written as the rows arrive from the database cursor. */
  body: Readable;
}

const logger = new Logger('Export');

/** A stream of exchange rows, and what to do once it has ended (`err` when it failed or was cut short). */
interface ExportRows {
  stream: Readable;
  done(err: Error | null): Promise<void>;
}

/**
 * A plan's tasks as a file in the exchange format: key tasks and sub-tasks (parentCode links them), archived
 * tasks left out, ordered by code, written as the rows arrive, so memory stays bounded whatever the plan's size.
 * On a server one statement reads the rows through a cursor (pg-query-stream) that fetches batches as the client
 * takes the file: one snapshot, in a transaction of its own with a longer statement timeout (the statement lasts as
 * long as the download). With one pooled connection (embedded PGlite) it reads keyset pages instead.
 */
@Injectable()
export class TaskExportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async export(planCode: string, format: ImportFormat): Promise<ExportFile> {
    const [plan] = await this.ds.query('SELECT id FROM plan WHERE lower(code) = lower($1)', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
    const rows = this.onePooledConnection() ? this.pagedRows(plan.id) : await this.cursorRows(plan.id);
    const encoder = format === ImportFormat.CSV ? csvEncoder() : jsonEncoder(planCode, new Date());
    // pipeline ends every stage on a failure or when the client goes away (closing the cursor or the paging).
    const body = pipeline(rows.stream, encoder, (err) => {
      if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.error(`export of plan ${planCode} failed: ${err.message}`);
      void rows.done(err ?? null);
    }) as unknown as Readable;
    const base = `${planCode.replace(/[^A-Za-z0-9._-]+/g, '_')}-tasks-${todayUtc()}`;
    return format === ImportFormat.CSV
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body }
      : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body };
  }

  /**
   * With one pooled connection (the embedded database) a cursor would hold it, and with it every other request, for
   * as long as the client takes to download: read pages instead, each a short statement, other requests between.
   */
  private onePooledConnection(): boolean {
    return (this.ds.options as { extra?: { max?: number } }).extra?.max === 1;
  }

  private pagedRows(planId: number): ExportRows {
    const ds = this.ds;
    async function* pages() {
      let after = '';
      for (;;) {
        const page: { code: string }[] = await ds.query(PLAN_EXPORT_PAGE_SQL, [planId, after, EXPORT_PAGE_ROWS]);
        yield* page;
        if (page.length < EXPORT_PAGE_ROWS) return;
        after = page[page.length - 1].code;
      }
    }
    return { stream: Readable.from(pages(), { highWaterMark: EXPORT_PAGE_ROWS }), done: async () => undefined };
  }

  /** The rows through a server-side cursor, in a transaction of their own (one snapshot, a longer timeout). */
  private async cursorRows(planId: number): Promise<ExportRows> {
    const runner = this.ds.createQueryRunner();
    let rows: Readable;
    try {
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      await runner.query(`SET LOCAL statement_timeout = ${EXPORT_STATEMENT_TIMEOUT_MS}`);
      this.ds.logger.logQuery(PLAN_EXPORT_ROWS_SQL, [planId], runner);
      rows = client.query(new QueryStream(PLAN_EXPORT_ROWS_SQL, [planId], { batchSize: EXPORT_BATCH_ROWS }));
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw err;
    }
    return {
      stream: rows,
      // The transaction ends and the connection goes back to the pool once the cursor is done or closed.
      done: async (err) => {
        await (err ? runner.rollbackTransaction() : runner.commitTransaction()).catch(() => undefined);
        await runner.release();
      },
    };
  }
}
