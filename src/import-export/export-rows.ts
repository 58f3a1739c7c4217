// Rows of a download as a stream, whatever the database: on a server one statement through a cursor (one snapshot, its
// own transaction, a longer statement timeout); with one pooled connection (embedded PGlite) keyset pages, each a
// short statement, so other requests run between them. Every download uses it: tasks, history, readings.
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { EXPORT_BATCH_ROWS, EXPORT_PAGE_ROWS, EXPORT_STATEMENT_TIMEOUT_MS } from './import-limits';

/** A stream of rows, and what to do once it has ended (`err` when it failed or was cut short). */
export interface ExportRows {
  stream: Readable;
  done(err: Error | null): Promise<void>;
}

/**
 * One download's SQL: all rows of plan $1 in order, or the next page after the keyset (the key's values from $2 on, then
 * the page size); and a row's keyset.
 */
export interface RowSource<Row> {
  rowsSql: string;
  pageSql: string;
  firstKey: readonly unknown[];
  keyOf(row: Row): readonly unknown[];
}

export async function exportRows<Row>(ds: DataSource, planId: number, source: RowSource<Row>): Promise<ExportRows> {
  return (ds.options as { extra?: { max?: number } }).extra?.max === 1 ? pagedRows(ds, planId, source) : cursorRows(ds, planId, source.rowsSql);
}

function pagedRows<Row>(ds: DataSource, planId: number, source: RowSource<Row>): ExportRows {
  async function* pages() {
    let after = source.firstKey;
    for (;;) {
      const page: Row[] = await ds.query(source.pageSql, [planId, ...after, EXPORT_PAGE_ROWS]);
      yield* page;
      if (page.length < EXPORT_PAGE_ROWS) return;
      after = source.keyOf(page[page.length - 1]);
    }
  }
  return { stream: Readable.from(pages(), { highWaterMark: EXPORT_PAGE_ROWS }), done: async () => undefined };
}

async function cursorRows(ds: DataSource, planId: number, sql: string): Promise<ExportRows> {
  const runner = ds.createQueryRunner();
  let rows: Readable;
  try {
    const client = (await runner.connect()) as PoolClient;
    await runner.startTransaction();
    await runner.query(`SET LOCAL statement_timeout = ${EXPORT_STATEMENT_TIMEOUT_MS}`);
    ds.logger.logQuery(sql, [planId], runner);
    rows = client.query(new QueryStream(sql, [planId], { batchSize: EXPORT_BATCH_ROWS }));
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
    throw err;
  }
  return {
    stream: rows,
    done: async (err) => {
      await (err ? runner.rollbackTransaction() : runner.commitTransaction()).catch(() => undefined);
      await runner.release();
    },
  };
}
