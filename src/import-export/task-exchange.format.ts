// The task exchange format (CSV and JSON export and import): its columns, a row as read and as checked, a stored
// task in the same terms, the errors an import reports, and the header check. Plain data and functions, no Nest.
import { TaskStatus } from '../common/domain-enums';
import { TASK_TITLE_MAX } from '../tasks/task-text.rules';

/** The columns of the exchange format, in export order; import accepts any subset holding code and title. */
export const TASK_COLUMNS = [
  'code',
  'parentCode',
  'areaCode',
  'title',
  'titleEn',
  'status',
  'progress',
  'leadRegions',
  'leadAgencies',
  'startDate',
  'dueDate',
  'version',
  'latestUpdateDate',
] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly TaskColumn[] = ['code', 'title'];
/** The API's rule for codes (common/validators CODE_PATTERN, repeated here to keep this file free of Nest). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The API's limit for task titles (tasks/task-text.rules, shared with the API's validation). */
export const TITLE_MAX = TASK_TITLE_MAX;
export const VERSION_MAX = 2147483647;

/** One problem with the file: row as in the file (CSV: header is row 1; JSON: 1-based position), null for the whole file. */
export interface ImportError {
  row: number | null;
  column: string | null;
  message: string;
}

/** A row as read from the file. A column the row does not have is absent from cells: that field is left as it is. */
export interface RawRow {
  row: number;
  cells: Partial<Record<TaskColumn, unknown>>;
}

/** The checked values of one row; undefined means "not in the file, leave as it is". */
export interface TaskRowValues {
  code: string;
  title: string;
  parentCode?: string | null;
  areaCode?: string | null;
  titleEn?: string | null;
  /** Undefined for an empty cell: a new task starts NOT_REPORTED, a stored one keeps its status. */
  status?: TaskStatus;
  progress?: number | null;
  leadRegions?: string[];
  leadAgencies?: string[];
  startDate?: string | null;
  dueDate?: string | null;
  /** The version the file was read at; null or undefined means no check. */
  version?: number | null;
}

export interface ValidRow {
  row: number;
  values: TaskRowValues;
}

/** What the rows are checked against: the plan's area codes and the known region codes. */
export interface RowContext {
  areaCodes: ReadonlySet<string>;
  regionCodes: ReadonlySet<string>;
}

/** A stored task in the same terms as a row (codes instead of ids, sorted regions). */
export interface StoredTask {
  id: number;
  code: string;
  parentCode: string | null;
  areaCode: string | null;
  title: string;
  titleEn: string | null;
  status: TaskStatus;
  progress: number | null;
  leadRegions: string[];
  leadAgencies: string[];
  startDate: string | null;
  dueDate: string | null;
  version: number;
  archived: boolean;
}

/** The fields a row changes on a stored task, with codes still as codes. */
export type RowChange = Partial<Omit<TaskRowValues, 'code' | 'version'>>;

export type RowPlan =
  | { kind: 'create'; row: number; values: TaskRowValues }
  | { kind: 'update'; row: number; task: StoredTask; change: RowChange; expectedVersion: number }
  | { kind: 'unchanged'; row: number };

/** Maps a header row to columns; every unknown, repeated or missing required column is an error on row 1. */
export function checkHeader(header: string[]): { columns: TaskColumn[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const byLower = new Map(TASK_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns: TaskColumn[] = [];
  const seen = new Set<TaskColumn>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    const column = byLower.get(name.toLowerCase());
    if (!column) {
      errors.push({ row: 1, column: name || `#${i + 1}`, message: `unknown column; expected some of ${TASK_COLUMNS.join(', ')}` });
    } else if (seen.has(column)) {
      errors.push({ row: 1, column, message: 'the column appears twice' });
    } else seen.add(column);
    columns.push(column as TaskColumn);
  });
  for (const c of REQUIRED_COLUMNS) if (!seen.has(c)) errors.push({ row: 1, column: c, message: 'required column is missing' });
  return { columns, errors };
}

/** Sorts errors by row (file-wide errors first), then by column order. */
export function sortErrors(errors: ImportError[]): ImportError[] {
  const col = (c: string | null) => (c === null ? -1 : TASK_COLUMNS.indexOf(c as TaskColumn));
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || col(a.column) - col(b.column));
}
