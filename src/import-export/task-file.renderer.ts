// Writes exchange rows as CSV or JSON, the same columns an import reads.
import { stringify } from 'csv-stringify/sync';
import { escapeCsvCell, LIST_SEPARATOR, StoredTask, TASK_COLUMNS, TaskColumn } from './task-row.rules';

/** One task in the exchange format: a stored task in row terms, with the date of its latest update. */
export type ExportRow = Omit<StoredTask, 'id' | 'archived'> & { latestUpdateDate: string | null };

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return escapeCsvCell(value.join(LIST_SEPARATOR));
  return typeof value === 'string' ? escapeCsvCell(value) : String(value);
};

// csv-stringify quotes a cell holding the record delimiter (CRLF) but not a bare CR or LF, which a reader (and a
// spreadsheet) then takes as the end of the row: every cell holding either is quoted.
const CSV_OPTIONS = { columns: [...TASK_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** CSV with a header row, CRLF line ends and a UTF-8 BOM, so Excel opens Chinese text correctly. */
export function renderCsv(rows: ExportRow[]): Buffer {
  const records = rows.map((r) => TASK_COLUMNS.map((c: TaskColumn) => cell(r[c])));
  const text = stringify(records, { ...CSV_OPTIONS, header: true, bom: true });
  return Buffer.from(text, 'utf8');
}

/** JSON: { planCode, exportedAt, columns, tasks: [...] }; lists stay arrays, empty cells are null. */
export function renderJson(planCode: string, rows: ExportRow[], exportedAt: Date): Buffer {
  const tasks = rows.map((r) => Object.fromEntries(TASK_COLUMNS.map((c) => [c, r[c]])));
  return Buffer.from(JSON.stringify({ planCode, exportedAt: exportedAt.toISOString(), columns: TASK_COLUMNS, tasks }, null, 2), 'utf8');
}
