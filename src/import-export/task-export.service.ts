import { pipeline, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { ImportFormat } from './import-format';
import { exportRows } from './export-rows';
import { csvEncoder, jsonEncoder } from './task-file.renderer';
import { PLAN_EXPORT_PAGE_SQL, PLAN_EXPORT_ROWS_SQL } from './task-rows.sql';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** The file, written as the rows arrive from the database cursor. */
  body: Readable;
}

const logger = new Logger('Export');

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
    const rows = await exportRows<{ code: string }>(this.ds, plan.id, {
      rowsSql: PLAN_EXPORT_ROWS_SQL,
      pageSql: PLAN_EXPORT_PAGE_SQL,
      firstKey: [''],
      keyOf: (r) => [r.code],
    });
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
}
