// Reads an import file (CSV or JSON) into raw rows numbered as in the file. Cells are not checked here:
// task-row.rules does that. Problems that stop reading (broken quoting, bad JSON, bad header) come back as errors.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { ImportFormat } from './import-format';
import { MAX_CSV_CELL_CHARS, MAX_CSV_CELLS_PER_ROW, PARSE_CHUNK_CHARS } from './import-limits';
import { unescapeCsvCell } from './csv-cell';
import { checkHeader, ImportError, RawRow, TASK_COLUMNS, TaskColumn } from './task-exchange.format';

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

/**
 * Reads the file; throws a coded error when it holds more than maxRows task rows. CSV is read as a stream in chunks,
 * giving the event loop a turn between them, after a scan that refuses too many rows, cells or characters up front.
 */
export async function parseTaskFile(format: ImportFormat, content: string, maxRows: number, planCode: string): Promise<ParsedFile> {
  const body = content.replace(/^\uFEFF/, '');
  return format === ImportFormat.JSON ? parseJson(body, maxRows, planCode) : parseCsv(body, maxRows);
}

/**
 * Walks the CSV once, tracking quotes, and names the first limit it breaks: rows (records, blank ones included, as
 * the parser counts them), cells in a row, characters in a cell. Linear, no allocation: a 45 MB line of commas is
 * refused in milliseconds instead of becoming 45 million cells. Yields between chunks.
 */
export async function csvShapeProblem(body: string, maxRecords: number): Promise<{ tooManyRows: true } | { row: number; message: string } | null> {
  let quoted = false;
  let records = 0;
  let cells = 1;
  let cellStart = 0;
  for (let chunk = 0; chunk < body.length; chunk += PARSE_CHUNK_CHARS) {
    if (chunk > 0) await nextTurn();
    const end = Math.min(body.length, chunk + PARSE_CHUNK_CHARS);
    for (let i = chunk; i < end; i++) {
      const c = body.charCodeAt(i);
      if (c === 0x22)
        quoted = !quoted; // a doubled quote inside a quoted cell toggles twice
      else if (quoted) continue;
      else if (c === 0x2c) {
        if (++cells > MAX_CSV_CELLS_PER_ROW) return { row: records + 1, message: `a row may hold at most ${MAX_CSV_CELLS_PER_ROW} cells` };
        if (i - cellStart > MAX_CSV_CELL_CHARS) return { row: records + 1, message: `a cell may hold at most ${MAX_CSV_CELL_CHARS} characters` };
        cellStart = i + 1;
      } else if (c === 0x0a || (c === 0x0d && body.charCodeAt(i + 1) !== 0x0a)) {
        if (i - cellStart > MAX_CSV_CELL_CHARS) return { row: records + 1, message: `a cell may hold at most ${MAX_CSV_CELL_CHARS} characters` };
        if (++records > maxRecords) return { tooManyRows: true };
        cells = 1;
        cellStart = i + 1;
      }
    }
    if (quoted && end - cellStart > MAX_CSV_CELL_CHARS) return { row: records + 1, message: `a cell may hold at most ${MAX_CSV_CELL_CHARS} characters` };
  }
  if (body.length - cellStart > MAX_CSV_CELL_CHARS) return { row: records + 1, message: `a cell may hold at most ${MAX_CSV_CELL_CHARS} characters` };
  if (cellStart < body.length && ++records > maxRecords) return { tooManyRows: true };
  return null;
}

/** csv-parse as a stream, fed in chunks with a turn of the event loop between them. */
async function readCsvRecords(body: string): Promise<string[][]> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: false });
  const records: string[][] = [];
  const consumed = (async () => {
    for await (const record of parser) records.push(record as string[]);
  })();
  consumed.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled meanwhile
  for (let i = 0; i < body.length; i += PARSE_CHUNK_CHARS) {
    if (parser.destroyed) break;
    parser.write(body.slice(i, i + PARSE_CHUNK_CHARS));
    await nextTurn();
  }
  parser.end();
  await consumed;
  return records;
}

async function parseCsv(body: string, maxRows: number): Promise<ParsedFile> {
  if (body.trim() === '') return { rows: [], errors: [{ row: 1, column: null, message: EMPTY_MESSAGE }] };
  const shape = await csvShapeProblem(body, maxRows + 1);
  if (shape && 'tooManyRows' in shape) throw tooManyRows(maxRows);
  if (shape) return { rows: [], errors: [{ row: shape.row, column: null, message: `the CSV cannot be read from this row on: ${shape.message}` }] };
  let records: string[][];
  try {
    records = await readCsvRecords(body);
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
