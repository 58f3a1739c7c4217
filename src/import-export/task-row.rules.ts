// Checking one row of a task import file on its own: reading each cell, as plain functions (no Nest, no TypeORM).
import { TaskStatus } from '../common/domain-enums';
import { isValidLocalDate } from '../common/local-date';
import { agencyListProblem, AGENCIES_MAX, AGENCY_MAX, LIST_SEPARATOR, titleProblem } from '../tasks/task-text.rules';
import { CODE_PATTERN, ImportError, RawRow, RowContext, TaskColumn, TaskRowValues, VERSION_MAX } from './task-exchange.format';

export { AGENCIES_MAX, AGENCY_MAX, LIST_SEPARATOR };

const STATUSES = new Set<string>(Object.values(TaskStatus));

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
  return ok(
    (t.value ?? '')
      .split(LIST_SEPARATOR)
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  );
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
