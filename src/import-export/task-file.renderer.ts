// Writes exchange rows as CSV or JSON, the same columns an import reads: as streams for the export (row by row, in
// bounded memory), and whole for callers that hold the rows already.
import { Readable, Transform } from 'node:stream';
import { stringify as stringifyStream } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import { escapeCsvCell, LIST_SEPARATOR, StoredTask, TASK_COLUMNS, TaskColumn } from './task-row.rules';

/** One task in the exchange format: a stored task in row terms, with the date of its latest update. */
export type ExportRow = Omit<StoredTask, 'id' | 'archived'> & { latestUpdateDate: string | null };

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return escapeCsvCell(value.join(LIST_SEPARATOR));
  return typeof value === 'string' ? escapeCsvCell(value) : String(value);
};
const csvRecord = (r: ExportRow) => TASK_COLUMNS.map((c: TaskColumn) => cell(r[c]));
const jsonTask = (r: ExportRow) => Object.fromEntries(TASK_COLUMNS.map((c) => [c, r[c]]));

// csv-stringify quotes a cell holding the record delimiter (CRLF) but not a bare CR or LF, which a reader (and a
// spreadsheet) then takes as the end of the row: every cell holding either is quoted. Header row, CRLF line ends
// and a UTF-8 BOM, so Excel opens Chinese text correctly.
const CSV_OPTIONS = { columns: [...TASK_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/, header: true, bom: true } as const;

/** The whole CSV for rows already in hand. */
export function renderCsv(rows: ExportRow[]): Buffer {
  return Buffer.from(stringify(rows.map(csvRecord), CSV_OPTIONS), 'utf8');
}

/** The whole JSON document for rows already in hand (see jsonStream for its shape). */
export function renderJson(planCode: string, rows: ExportRow[], exportedAt: Date): Buffer {
  return Buffer.from(JSON.stringify({ planCode, exportedAt: exportedAt.toISOString(), columns: TASK_COLUMNS, tasks: rows.map(jsonTask) }, null, 2), 'utf8');
}

/** CSV text from a stream of rows, written as they come. */
export function csvStream(rows: Readable): Readable {
  const records = new Transform({ objectMode: true, transform: (row: ExportRow, _enc, done) => done(null, csvRecord(row)) });
  return rows.pipe(records).pipe(stringifyStream(CSV_OPTIONS));
}

/** JSON from a stream of rows: { planCode, exportedAt, columns, tasks: [...] }; lists stay arrays, empty cells null. */
export function jsonStream(planCode: string, rows: Readable, exportedAt: Date): Readable {
  let first = true;
  const head = JSON.stringify({ planCode, exportedAt: exportedAt.toISOString(), columns: TASK_COLUMNS }, null, 2).replace(/\n}$/, ',\n  "tasks": [');
  const body = new Transform({
    writableObjectMode: true,
    transform(row: ExportRow, _enc, done) {
      const text = `${first ? head : ','}\n    ${JSON.stringify(jsonTask(row))}`;
      first = false;
      done(null, text);
    },
    flush(done) {
      done(null, `${first ? head : ''}\n  ]\n}\n`);
    },
  });
  return rows.pipe(body);
}
