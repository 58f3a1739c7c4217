import { finished, Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { ImportFormat } from './import-format';
import { csvStream, jsonStream } from './task-file.renderer';
import { PLAN_EXPORT_ROWS_SQL } from './task-rows.sql';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** The file, written as the rows arrive from the database cursor. */
  body: Readable;
}

/**
 * A plan's tasks as a file in the exchange format: key tasks and sub-tasks (parentCode links them), archived
 * tasks left out, ordered by code. One statement reads the rows, through a cursor (pg-query-stream) that fetches
 * them in batches as the client takes the file: memory stays bounded whatever the plan's size, and the rows are
 * one snapshot. The connection goes back to the pool when the file ends or the client goes away.
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
      rows = await runner.stream(PLAN_EXPORT_ROWS_SQL, [plan.id]);
    } catch (err) {
      await runner.release();
      throw err;
    }
    const body = format === ImportFormat.CSV ? csvStream(rows) : jsonStream(planCode, rows, new Date());
    // A failure or a client gone early ends the file: close the cursor too, then give the connection back.
    rows.once('error', (err) => body.destroy(err));
    finished(body, () => {
      if (!rows.destroyed) rows.destroy();
      finished(rows, () => void runner.release());
    });
    const base = `${planCode.replace(/[^A-Za-z0-9._-]+/g, '_')}-tasks-${todayUtc()}`;
    return format === ImportFormat.CSV
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body }
      : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body };
  }
}
