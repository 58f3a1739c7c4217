// Reads an import file (CSV or JSON) into raw rows numbered as in the file. Cells are not checked here:
// task-row.rules does that. Problems that stop reading (broken quoting, bad JSON, bad header) come back as errors.
import { CsvError, parse } from 'csv-parse/sync';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { ImportFormat } from './import-format';
import { checkHeader, ImportError, RawRow, TASK_COLUMNS, TaskColumn, unescapeCsvCell } from './task-row.rules';

export interface ParsedFile {
  rows: RawRow[];
  /** Errors that stop the import before any row is checked. */
  errors: ImportError[];
}

const KNOWN = new Set<string>(TASK_COLUMNS);
const EMPTY_MESSAGE = 'the file is empty: expected a header row naming at least the code and title columns';

/** The request-level error for a file over the row limit. */
export const tooManyRows = (maxRows: number) =>
  new DomainException(ErrorCode.BAD_USER_INPUT, `content: a file may hold at most ${maxRows} task rows; split it`, { field: 'content', maxRows });

/** Decodes uploaded bytes as UTF-8 (a BOM is fine); null when they are not UTF-8, e.g. a GBK "CSV" from Excel. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Reads the file; throws a coded error when it holds more than maxRows task rows. */
export function parseTaskFile(format: ImportFormat, content: string, maxRows: number, planCode: string): ParsedFile {
  const body = content.replace(/^\uFEFF/, '');
  return format === ImportFormat.JSON ? parseJson(body, maxRows, planCode) : parseCsv(body, maxRows);
}

function parseCsv(body: string, maxRows: number): ParsedFile {
  if (body.trim() === '') return { rows: [], errors: [{ row: 1, column: null, message: EMPTY_MESSAGE }] };
  let records: string[][];
  try {
    // One record past the limit is enough to know the file is too long.
    records = parse(body, { relax_column_count: true, skip_empty_lines: false, to: maxRows + 2 });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const row = (typeof err.records === 'number' ? err.records : 0) + 1;
    return { rows: [], errors: [{ row, column: null, message: `the CSV cannot be read from this row on: ${err.message}` }] };
  }
  if (records.length > maxRows + 1) throw tooManyRows(maxRows);
  const header = checkHeader(records[0]);
  if (header.errors.length) return { rows: [], errors: header.errors };

  const rows: RawRow[] = [];
  const errors: ImportError[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    // Blank lines are skipped but still counted, so row numbers match what a spreadsheet shows.
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== header.columns.length) {
      errors.push({ row: i + 1, column: null, message: `expected ${header.columns.length} cells as in the header, found ${record.length}` });
      continue;
    }
    const cells: RawRow['cells'] = {};
    header.columns.forEach((column, j) => (cells[column] = unescapeCsvCell(record[j])));
    rows.push({ row: i + 1, cells });
  }
  return { rows, errors };
}

function parseJson(body: string, maxRows: number, planCode: string): ParsedFile {
  const fileError = (column: string | null, message: string): ParsedFile => ({ rows: [], errors: [{ row: null, column, message }] });
  if (body.trim() === '') return fileError(null, 'the file is empty: expected a JSON array of tasks or an object with a "tasks" array');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    return fileError(null, `the file is not valid JSON: ${(err as Error).message}`);
  }
  const wrapper = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  const list = Array.isArray(doc) ? doc : wrapper && Array.isArray(wrapper.tasks) ? wrapper.tasks : null;
  if (!list) return fileError(null, 'expected a JSON array of tasks or an object with a "tasks" array');
  if (wrapper && typeof wrapper.planCode === 'string' && wrapper.planCode !== planCode) {
    return fileError('planCode', `the file is an export of plan ${wrapper.planCode}, not ${planCode}`);
  }
  if (list.length > maxRows) throw tooManyRows(maxRows);

  const rows: RawRow[] = [];
  const errors: ImportError[] = [];
  list.forEach((item, i) => {
    const row = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ row, column: null, message: 'each task must be a JSON object' });
      return;
    }
    const cells: RawRow['cells'] = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (KNOWN.has(key)) cells[key as TaskColumn] = value;
      else errors.push({ row, column: key, message: `unknown field; expected some of ${TASK_COLUMNS.join(', ')}` });
    }
    rows.push({ row, cells });
  });
  return { rows, errors };
}
