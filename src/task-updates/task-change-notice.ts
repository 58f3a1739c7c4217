// The notice a task change sends through PostgreSQL's NOTIFY, queued inside the transaction that makes the change:
// PostgreSQL delivers it only when that transaction commits, so a rolled-back change notifies no one. The payload is
// keys only (a few dozen bytes, far below NOTIFY's 8,000-byte cap): listeners read the task themselves.

/** The channel every instance LISTENs on. */
export const TASK_CHANGED_CHANNEL = 'tracker_task_changed';

/** What a notice carries: the task, the version the change made, its plan and area, and its area before the change. */
export interface TaskChangeNotice {
  task: number;
  version: number;
  plan: number;
  area: number | null;
  /** The area before the change, when the change moved the task (subscribers of that area see it leave). */
  fromArea: number | null;
}

/**
 * A select-list expression that queues the notice for the task row `t` (columns id, version, plan_id, area_id);
 * `fromArea` is an SQL expression for the area before the change (NULL when it did not move).
 */
export function taskChangedNotifySql(t: string, fromArea = 'NULL'): string {
  return `pg_notify('${TASK_CHANGED_CHANNEL}', json_build_object('task', ${t}.id, 'version', ${t}.version, 'plan', ${t}.plan_id, 'area', ${t}.area_id, 'fromArea', ${fromArea})::text)`;
}

const isKey = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isKeyOrNull = (v: unknown): v is number | null => v === null || v === undefined || isKey(v);

/** The notice in a payload, or null for anything else (another sender on the channel, a truncated payload). */
export function parseTaskChangeNotice(payload: string | undefined): TaskChangeNotice | null {
  if (!payload || payload.length > 1000) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { task, version, plan, area, fromArea } = value;
  if (!isKey(task) || !isKey(version) || !isKey(plan) || !isKeyOrNull(area) || !isKeyOrNull(fromArea)) return null;
  return { task, version, plan, area: area ?? null, fromArea: fromArea ?? null };
}
