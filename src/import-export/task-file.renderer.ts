// Writes exchange rows as CSV or JSON, the same columns an import reads: as streams for the export (row by row, in
// bounded memory), and whole for callers that hold the rows already.
import { Transform } from 'node:stream';
import { escapeCsvCell } from './csv-cell';
import { StoredTask, TASK_COLUMNS, TaskColumn } from './task-exchange.format';
import { LIST_SEPARATOR } from './task-row.rules';

/** One task in the exchange format: a stored task in row terms, with the date of its latest update. */
export type ExportRow = Omit<StoredTask, 'id' | 'archived'> & { latestUpdateDate: string | null };

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return escapeCsvCell(value.join(LIST_SEPARATOR));
  return typeof value === 'string' ? escapeCsvCell(value) : String(value);
};
// A field is quoted when it holds the delimiter, a quote, CR or LF, each alone: a reader (and a spreadsheet) takes a
// bare CR or LF outside quotes as the end of the row. (csv-stringify, used before, quoted only a whole CRLF.)
const NEEDS_QUOTES = /[",\r\n]/;
const csvField = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const csvLine = (cells: readonly string[]) => `${cells.map(csvField).join(',')}\r\n`;
const csvRecord = (r: ExportRow) => csvLine(TASK_COLUMNS.map((c: TaskColumn) => cell(r[c])));
/** A UTF-8 BOM (so Excel opens Chinese text correctly) and the header row; CRLF line ends. */
const CSV_HEAD = `\uFEFF${csvLine(TASK_COLUMNS)}`;
const jsonTask = (r: ExportRow) => Object.fromEntries(TASK_COLUMNS.map((c) => [c, r[c]]));

/** The whole CSV for rows already in hand. */
export function renderCsv(rows: ExportRow[]): Buffer {
  return Buffer.from(CSV_HEAD + rows.map(csvRecord).join(''), 'utf8');
}

/** The whole JSON document for rows already in hand (see jsonStream for its shape). */
export function renderJson(planCode: string, rows: ExportRow[], exportedAt: Date): Buffer {
  return Buffer.from(JSON.stringify({ planCode, exportedAt: exportedAt.toISOString(), columns: TASK_COLUMNS, tasks: rows.map(jsonTask) }, null, 2), 'utf8');
}

/** A stage that turns a stream of rows into CSV text, like renderCsv. */
export function csvEncoder(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(row: ExportRow, _enc, done) {
      done(null, first ? CSV_HEAD + csvRecord(row) : csvRecord(row));
      first = false;
    },
    flush(done) {
      done(null, first ? CSV_HEAD : '');
    },
  });
}

/** A stage that turns a stream of rows into JSON: { planCode, exportedAt, columns, tasks: [...] }, like renderJson. */
export function jsonEncoder(planCode: string, exportedAt: Date): Transform {
  let first = true;
  const head = JSON.stringify({ planCode, exportedAt: exportedAt.toISOString(), columns: TASK_COLUMNS }, null, 2).replace(/\n}$/, ',\n  "tasks": [');
  return new Transform({
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
}
