import { pipeline, Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NOTE_READER_ROLES } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { exportRows, RowSource } from './export-rows';
import {
  HISTORY_COLUMNS,
  HISTORY_NOTE_COLUMNS,
  PLAN_HISTORY_PAGE_SQL,
  PLAN_HISTORY_ROWS_SQL,
  PLAN_READING_PAGE_SQL,
  PLAN_READING_ROWS_SQL,
  READING_COLUMNS,
  READING_NOTE_COLUMNS,
} from './history-rows.sql';
import { ImportFormat } from './import-format';
import { tableCsvEncoder, tableJsonEncoder } from './table-file.renderer';
import type { ExportFile } from './task-export.service';

export enum HistoryKind {
  HISTORY = 'history',
  READINGS = 'readings',
}

interface Download {
  columns: readonly string[];
  noteColumns: readonly string[];
  /** The JSON document's key for the rows. */
  key: string;
  source: RowSource<Record<string, any>>;
  /** A cell's JSON value (readings keep exact decimal text in CSV, a number in JSON, as the API gives it). */
  json?: (column: string, value: unknown) => unknown;
}

const DOWNLOADS: Record<HistoryKind, Download> = {
  [HistoryKind.HISTORY]: {
    columns: HISTORY_COLUMNS,
    noteColumns: HISTORY_NOTE_COLUMNS,
    key: 'updates',
    source: { rowsSql: PLAN_HISTORY_ROWS_SQL, pageSql: PLAN_HISTORY_PAGE_SQL, firstKey: ['', 0], keyOf: (r) => [r.taskCode, r.version] },
  },
  [HistoryKind.READINGS]: {
    columns: READING_COLUMNS,
    noteColumns: READING_NOTE_COLUMNS,
    key: 'readings',
    source: { rowsSql: PLAN_READING_ROWS_SQL, pageSql: PLAN_READING_PAGE_SQL, firstKey: ['', 0], keyOf: (r) => [r.indicatorCode, r.readingId] },
    json: (column, value) => (column === 'value' && typeof value === 'string' ? Number(value) : value),
  },
};

const logger = new Logger('Export');

/**
 * A plan's task history or indicator readings as a file for a spreadsheet or pandas, written as the rows arrive (memory
 * stays flat whatever the plan's size). Notes, evidence and authors are columns only for roles that may read them: a
 * DASHBOARD caller's file has no such columns at all.
 */
@Injectable()
export class HistoryExportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async export(planCode: string, kind: HistoryKind, format: ImportFormat, role: string | undefined): Promise<ExportFile> {
    const [plan] = await this.ds.query('SELECT id, code FROM plan WHERE lower(code) = lower($1)', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
    const download = DOWNLOADS[kind];
    const mayReadNotes = NOTE_READER_ROLES.includes(role as Role);
    const columns = mayReadNotes ? download.columns : download.columns.filter((c) => !download.noteColumns.includes(c));
    const rows = await exportRows(this.ds, plan.id, download.source);
    const encoder =
      format === ImportFormat.CSV
        ? tableCsvEncoder(columns)
        : tableJsonEncoder({ planCode: plan.code, exportedAt: new Date().toISOString() }, columns, download.key, download.json);
    const body = pipeline(rows.stream, encoder, (err) => {
      if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') logger.error(`${kind} export of plan ${planCode} failed: ${err.message}`);
      void rows.done(err ?? null);
    }) as unknown as Readable;
    const base = `${String(plan.code).replace(/[^A-Za-z0-9._-]+/g, '_')}-${kind}-${todayUtc()}`;
    return format === ImportFormat.CSV
      ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body }
      : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body };
  }
}
