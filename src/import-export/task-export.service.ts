import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { ImportFormat } from './import-format';
import { ExportRow, renderCsv, renderJson } from './task-file.renderer';
import { PLAN_EXPORT_ROWS_SQL } from './task-rows.sql';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * A plan's tasks as a file in the exchange format: key tasks and sub-tasks (parentCode links them), archived
 * tasks left out, ordered by code. One statement reads the rows.
 */
@Injectable()
export class TaskExportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async export(planCode: string, format: ImportFormat): Promise<ExportFile> {
    const [plan] = await this.ds.query('SELECT id FROM plan WHERE code = $1', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
    const rows: ExportRow[] = await this.ds.query(PLAN_EXPORT_ROWS_SQL, [plan.id]);
    const base = `${planCode.replace(/[^A-Za-z0-9._-]+/g, '_')}-tasks-${todayUtc()}`;
    return format === ImportFormat.CSV
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: renderCsv(rows) }
      : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: renderJson(planCode, rows, new Date()) };
  }
}
