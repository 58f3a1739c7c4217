// The change one checked row makes to its stored task, decided by decideTaskChange as on every write path.
import { decideTaskChange, RuleField, RuleViolation, sameValue } from '../task-updates/task-change.rules';
import { ImportError, RowChange, RowPlan, StoredTask, TaskColumn, ValidRow } from './task-exchange.format';

// Rule fields shown under the file's column names.
const COLUMN_OF: Partial<Record<RuleField, TaskColumn>> = { task: 'code', parent: 'parentCode' };

/**
 * What one row does: create a task, change the cells that differ from the stored task, or nothing. The change is
 * decided by decideTaskChange, as every write path's is (`parentArchived` tells whether a parent code names an archived
 * task); a stale version is an error only when the row would change something.
 */
export function planRow(
  row: ValidRow,
  stored: StoredTask | undefined,
  parentArchived: (code: string) => boolean,
  today: string,
): { plan?: RowPlan; errors: ImportError[] } {
  const v = row.values;
  const errorsOf = (violations: RuleViolation[]) => ({
    errors: violations.map((x) => ({
      row: row.row,
      column: COLUMN_OF[x.field] ?? x.field,
      message: x.field === 'task' ? `task ${v.code}: ${x.message}; an import cannot change it` : x.message,
    })),
  });
  const parentOf = (code: string | null | undefined) => (code === undefined ? undefined : code === null ? null : { archived: parentArchived(code) });
  if (!stored) {
    const decision = decideTaskChange(
      null,
      { status: v.status, progress: v.progress, startDate: v.startDate, dueDate: v.dueDate, parent: parentOf(v.parentCode) },
      today,
    );
    if (decision.kind !== 'accepted') return decision.kind === 'refused' ? errorsOf(decision.violations) : { errors: [] };
    return { plan: { kind: 'create', row: row.row, values: { ...v, status: decision.status, progress: decision.progress } }, errors: [] };
  }
  if (stored.archived) {
    // A row naming an archived task is refused even when it changes nothing; the rules say why.
    const refused = decideTaskChange(stored, {}, today);
    if (refused.kind === 'refused') return errorsOf(refused.violations);
  }

  const change: RowChange = {};
  const fields = ['parentCode', 'areaCode', 'title', 'titleEn', 'status', 'progress', 'leadRegions', 'leadAgencies', 'startDate', 'dueDate'] as const;
  for (const f of fields) {
    if (v[f] !== undefined && !sameValue(v[f], stored[f])) (change as Record<string, unknown>)[f] = v[f];
  }
  if (Object.keys(change).length === 0) return { plan: { kind: 'unchanged', row: row.row }, errors: [] };
  // When the row moves status or progress, the rules judge both cells as the file states them.
  const moves = change.status !== undefined || change.progress !== undefined;
  const decision = decideTaskChange(
    stored,
    {
      expectedVersion: v.version ?? stored.version,
      status: moves ? v.status : undefined,
      progress: moves ? v.progress : undefined,
      startDate: change.startDate,
      dueDate: change.dueDate,
      parent: parentOf(change.parentCode),
    },
    today,
  );
  if (decision.kind === 'conflict') {
    return {
      errors: [
        {
          row: row.row,
          column: 'version',
          message: `the file was read at version ${v.version}, but task ${v.code} is now at version ${stored.version}; export again and redo the edit`,
        },
      ],
    };
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
