// Rules for the rows of a task import file, as plain functions (no Nest, no TypeORM): reading cells,
// checking each row, the checks that span the file, and the change a row makes to its stored task.
import { TaskStatus } from '../common/domain-enums';
import { isValidLocalDate } from '../common/local-date';
import { decideTaskChange, RuleField, RuleViolation, sameValue } from '../task-updates/task-change.rules';
import { agencyListProblem, AGENCIES_MAX, AGENCY_MAX, LIST_SEPARATOR, TASK_TITLE_MAX, titleProblem } from '../tasks/task-text.rules';

export { AGENCIES_MAX, AGENCY_MAX, LIST_SEPARATOR };

/** The columns of the exchange format, in export order; import accepts any subset holding code and title. */
export const TASK_COLUMNS = [
  'code', 'parentCode', 'areaCode', 'title', 'titleEn', 'status', 'progress', 'leadRegions', 'leadAgencies',
  'startDate', 'dueDate', 'version', 'latestUpdateDate',
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

const STATUSES = new Set<string>(Object.values(TaskStatus));
// What a spreadsheet runs as a formula: = + - @ behind any run of spaces, control or format characters (a tab, a
// line break, a zero-width space) and of apostrophes we may have added before. Such CSV cells get one more leading
// apostrophe on export, and the import takes exactly one off again: since the test skips leading apostrophes,
// escaping is undone exactly for every text.
const FORMULA = /^[\s'\p{Cc}\p{Cf}]*[=+\-@]/u;

/** Protects a CSV cell from being run as a spreadsheet formula (OWASP "CSV injection"); undone by unescapeCsvCell. */
export function escapeCsvCell(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** Undoes escapeCsvCell. */
export function unescapeCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA.test(text.slice(1)) ? text.slice(1) : text;
}

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

type Cell<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (message: string): Cell<never> => ({ ok: false, message });

/** A cell as text; null for an empty cell. Numbers are accepted where JSON gives them. */
function text(v: unknown): Cell<string | null> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === 'number' && Number.isFinite(v)) return ok(String(v));
  if (typeof v !== 'string') return fail('must be text');
  return ok(v.trim() === '' ? null : v);
}

function code(v: unknown, required: boolean): Cell<string | null> {
  const t = text(v);
  if (!t.ok) return t;
  if (t.value === null) return required ? fail('is required') : ok(null);
  const c = t.value.trim();
  return CODE_PATTERN.test(c) ? ok(c) : fail('must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
}

function title(v: unknown, required: boolean): Cell<string | null> {
  const t = text(v);
  if (!t.ok) return t;
  if (t.value === null) return required ? fail('is required') : ok(null);
  const problem = titleProblem(t.value);
  return problem ? fail(problem) : ok(t.value);
}

// List items are trimmed (a person may write "A | B"); agency names never start or end with a space, so an
// exported list reads back exactly.
function list(v: unknown): Cell<string[]> {
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'string')) return fail('must be a list of text');
    return ok(v.map((x) => x.trim()).filter((x) => x !== ''));
  }
  const t = text(v);
  if (!t.ok) return t;
  return ok((t.value ?? '').split(LIST_SEPARATOR).map((x) => x.trim()).filter((x) => x !== ''));
}

function regions(v: unknown, known: ReadonlySet<string>): Cell<string[]> {
  const l = list(v);
  if (!l.ok) return l;
  const codes = [...new Set(l.value.map((r) => r.toUpperCase()))].sort();
  const unknown = codes.filter((r) => !known.has(r));
  if (unknown.length) return fail(`unknown region ${unknown.join(', ')}; expected some of ${[...known].sort().join(LIST_SEPARATOR)}`);
  return ok(codes);
}

function agencies(v: unknown): Cell<string[]> {
  const l = list(v);
  if (!l.ok) return l;
  const problem = agencyListProblem(l.value);
  return problem ? fail(problem) : ok(l.value);
}

function status(v: unknown): Cell<TaskStatus | undefined> {
  const t = text(v);
  if (!t.ok) return t;
  if (t.value === null) return ok(undefined);
  const s = t.value.trim().toUpperCase();
  return STATUSES.has(s) ? ok(s as TaskStatus) : fail(`must be one of ${[...STATUSES].join(', ')}`);
}

function integer(v: unknown, min: number, max: number, message: string): Cell<number | null> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === 'number') return Number.isInteger(v) && v >= min && v <= max ? ok(v) : fail(message);
  if (typeof v !== 'string') return fail(message);
  const s = v.trim();
  if (s === '') return ok(null);
  if (!/^\d{1,10}$/.test(s)) return fail(message);
  const n = Number(s);
  return n >= min && n <= max ? ok(n) : fail(message);
}

function date(v: unknown): Cell<string | null> {
  const t = text(v);
  if (!t.ok) return t;
  if (t.value === null) return ok(null);
  return isValidLocalDate(t.value.trim()) ? ok(t.value.trim()) : fail('must be a date YYYY-MM-DD between 1900 and 2200');
}

/**
 * Checks one row on its own; returns its values when every cell is right, and one error per bad cell.
 * `code` comes back whenever it could be read, so file-wide checks still see a bad row's code.
 */
export function checkRow(raw: RawRow, ctx: RowContext): { values?: TaskRowValues; code?: string; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const has = (c: TaskColumn) => Object.prototype.hasOwnProperty.call(raw.cells, c);
  const values: Partial<TaskRowValues> = {};
  const take = <T>(column: TaskColumn, cell: Cell<T>, set: (v: T) => void) => {
    if (cell.ok) set(cell.value);
    else errors.push({ row: raw.row, column, message: cell.message });
  };
  take('code', code(raw.cells.code, true), (v) => (values.code = v as string));
  take('title', title(raw.cells.title, true), (v) => (values.title = v as string));
  if (has('titleEn')) take('titleEn', title(raw.cells.titleEn, false), (v) => (values.titleEn = v));
  if (has('parentCode')) {
    take('parentCode', code(raw.cells.parentCode, false), (v) => (values.parentCode = v));
    if (values.parentCode && values.parentCode === values.code) errors.push({ row: raw.row, column: 'parentCode', message: 'a task cannot be its own parent' });
  }
  if (has('areaCode')) {
    take('areaCode', code(raw.cells.areaCode, false), (v) => (values.areaCode = v));
    if (values.areaCode && !ctx.areaCodes.has(values.areaCode)) {
      const known = ctx.areaCodes.size ? `expected one of ${[...ctx.areaCodes].join(', ')}` : 'the plan has no areas';
      errors.push({ row: raw.row, column: 'areaCode', message: `unknown area ${values.areaCode} for this plan; ${known}` });
    }
  }
  if (has('status')) take('status', status(raw.cells.status), (v) => (values.status = v));
  if (has('progress')) take('progress', integer(raw.cells.progress, 0, 100, 'must be an integer from 0 to 100'), (v) => (values.progress = v));
  if (has('leadRegions')) take('leadRegions', regions(raw.cells.leadRegions, ctx.regionCodes), (v) => (values.leadRegions = v));
  if (has('leadAgencies')) take('leadAgencies', agencies(raw.cells.leadAgencies), (v) => (values.leadAgencies = v));
  if (has('startDate')) take('startDate', date(raw.cells.startDate), (v) => (values.startDate = v));
  if (has('dueDate')) take('dueDate', date(raw.cells.dueDate), (v) => (values.dueDate = v));
  if (has('version')) take('version', integer(raw.cells.version, 1, VERSION_MAX, 'must be a whole number from 1'), (v) => (values.version = v));
  // latestUpdateDate is exported for reading only; an import ignores it.

  return errors.length ? { code: values.code, errors } : { values: values as TaskRowValues, code: values.code, errors };
}

/**
 * Checks that span the file: duplicate codes, parents that exist (in the file or the plan) and parent chains
 * without cycles. `stored` maps each code of the plan to its parent code; `badRows` are the codes of rows that
 * failed their own checks (they count as present, so a child of a bad row is not blamed for it).
 */
export function checkFile(rows: ValidRow[], stored: ReadonlyMap<string, string | null>, badRows: readonly { row: number; code: string }[] = []): ImportError[] {
  const errors: ImportError[] = [];
  const firstRow = new Map<string, number>();
  const everyCode = [...rows.map((r) => ({ row: r.row, code: r.values.code })), ...badRows].sort((a, b) => a.row - b.row);
  for (const r of everyCode) {
    const first = firstRow.get(r.code);
    if (first !== undefined) errors.push({ row: r.row, column: 'code', message: `duplicate code ${r.code}; it is on row ${first} too` });
    else firstRow.set(r.code, r.row);
  }
  const parentOf = new Map(stored);
  for (const r of badRows) if (!parentOf.has(r.code)) parentOf.set(r.code, null);
  for (const r of rows) {
    if (!stored.has(r.values.code)) parentOf.set(r.values.code, null);
    if (r.values.parentCode !== undefined) parentOf.set(r.values.code, r.values.parentCode);
  }
  for (const r of rows) {
    const parent = r.values.parentCode;
    if (!parent) continue;
    if (!parentOf.has(parent)) {
      errors.push({ row: r.row, column: 'parentCode', message: `no task ${parent} in this plan or the file` });
      continue;
    }
    const seen = new Set([r.values.code]);
    for (let p: string | null | undefined = parent; p; p = parentOf.get(p)) {
      if (seen.has(p)) {
        errors.push({ row: r.row, column: 'parentCode', message: `parent ${parent} leads back to ${r.values.code}: tasks cannot form a cycle` });
        break;
      }
      seen.add(p);
    }
  }
  return errors;
}

// Rule fields shown under the file's column names.
const COLUMN_OF: Partial<Record<RuleField, TaskColumn>> = { task: 'code', parent: 'parentCode' };

/**
 * What one row does: create a task, change the cells that differ from the stored task, or nothing. The change is
 * decided by decideTaskChange, as every write path's is (`parentArchived` tells whether a parent code names an archived
 * task); a stale version is an error only when the row would change something.
 */
export function planRow(row: ValidRow, stored: StoredTask | undefined, parentArchived: (code: string) => boolean, today: string): { plan?: RowPlan; errors: ImportError[] } {
  const v = row.values;
  const errorsOf = (violations: RuleViolation[]) => ({
    errors: violations.map((x) => ({ row: row.row, column: COLUMN_OF[x.field] ?? x.field, message: x.field === 'task' ? `task ${v.code}: ${x.message}; an import cannot change it` : x.message })),
  });
  const parentOf = (code: string | null | undefined) => (code === undefined ? undefined : code === null ? null : { archived: parentArchived(code) });
  if (!stored) {
    const decision = decideTaskChange(null, { status: v.status, progress: v.progress, startDate: v.startDate, dueDate: v.dueDate, parent: parentOf(v.parentCode) }, today);
    if (decision.kind !== 'accepted') return decision.kind === 'refused' ? errorsOf(decision.violations) : { errors: [] };
    return { plan: { kind: 'create', row: row.row, values: { ...v, status: decision.status, progress: decision.progress } }, errors: [] };
  }
  if (stored.archived) return errorsOf([{ field: 'task', message: 'the task is archived' }]);

  const change: RowChange = {};
  const fields = ['parentCode', 'areaCode', 'title', 'titleEn', 'status', 'progress', 'leadRegions', 'leadAgencies', 'startDate', 'dueDate'] as const;
  for (const f of fields) {
    if (v[f] !== undefined && !sameValue(v[f], stored[f])) (change as Record<string, unknown>)[f] = v[f];
  }
  if (Object.keys(change).length === 0) return { plan: { kind: 'unchanged', row: row.row }, errors: [] };
  // When the row moves status or progress, the rules judge both cells as the file states them.
  const moves = change.status !== undefined || change.progress !== undefined;
  const decision = decideTaskChange(stored, {
    expectedVersion: v.version ?? stored.version, status: moves ? v.status : undefined, progress: moves ? v.progress : undefined,
    startDate: change.startDate, dueDate: change.dueDate, parent: parentOf(change.parentCode),
  }, today);
  if (decision.kind === 'conflict') {
    return { errors: [{ row: row.row, column: 'version', message: `the file was read at version ${v.version}, but task ${v.code} is now at version ${stored.version}; export again and redo the edit` }] };
  }
  if (decision.kind === 'refused') return errorsOf(decision.violations);
  // The settled status and progress (a blank figure beside COMPLETED is 100) replace the cells.
  delete change.status;
  delete change.progress;
  if (decision.status !== stored.status) change.status = decision.status;
  if (decision.progress !== stored.progress) change.progress = decision.progress;
  if (Object.keys(change).length === 0) return { plan: { kind: 'unchanged', row: row.row }, errors: [] };
  return { plan: { kind: 'update', row: row.row, task: stored, change, expectedVersion: stored.version }, errors: [] };
}

/** Sorts errors by row (file-wide errors first), then by column order. */
export function sortErrors(errors: ImportError[]): ImportError[] {
  const col = (c: string | null) => (c === null ? -1 : TASK_COLUMNS.indexOf(c as TaskColumn));
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || col(a.column) - col(b.column));
}
