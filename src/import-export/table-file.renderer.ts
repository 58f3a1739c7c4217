// Writes rows of a fixed set of columns as CSV or JSON streams, with the conventions of the task export: CSV in UTF-8
// with a BOM (Excel shows Chinese), CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, lists joined
// with "|", and a cell a spreadsheet would run as a formula given one leading "'"; JSON as { …head, [key]: [rows] }.
import { Transform } from 'node:stream';
import { escapeCsvCell } from './csv-cell';
import { LIST_SEPARATOR } from '../tasks/task-text.rules';

const NEEDS_QUOTES = /[",\r\n]/;
const csvField = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const csvLine = (cells: readonly string[]) => `${cells.map(csvField).join(',')}\r\n`;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return escapeCsvCell(value.join(LIST_SEPARATOR));
  return typeof value === 'string' ? escapeCsvCell(value) : String(value);
}

/** A stage turning row objects into CSV text with these columns (a header row first, even with no rows). */
export function tableCsvEncoder(columns: readonly string[]): Transform {
  const head = `\uFEFF${csvLine(columns)}`;
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _enc, done) {
      const line = csvLine(columns.map((c) => cell(row[c])));
      done(null, first ? head + line : line);
      first = false;
    },
    flush(done) {
      done(null, first ? head : '');
    },
  });
}

/** A stage turning row objects into one JSON document: the head's fields, `columns`, then the rows under `key`. */
export function tableJsonEncoder(head: Record<string, unknown>, columns: readonly string[], key: string, value = (_c: string, v: unknown) => v): Transform {
  const opening = JSON.stringify({ ...head, columns }, null, 2).replace(/\n}$/, `,\n  ${JSON.stringify(key)}: [`);
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _enc, done) {
      const text = `${first ? opening : ','}\n    ${JSON.stringify(Object.fromEntries(columns.map((c) => [c, value(c, row[c] ?? null)])))}`;
      first = false;
      done(null, text);
    },
    flush(done) {
      done(null, `${first ? opening : ''}\n  ]\n}\n`);
    },
  });
}
