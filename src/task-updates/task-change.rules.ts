// The one rule set for a change to a task, as a plain function (no Nest, no TypeORM): recordTaskUpdate, updateTask,
// createTask and the import all call decideTaskChange, so a rule is written once and holds on every path.
import { TaskStatus } from '../common/domain-enums';
import { isHttpUrl } from '../common/http-url';
import { isValidLocalDate } from '../common/local-date';

export { isHttpUrl };

export const NOTE_MAX = 4000;

/** The fields a rule can name; each caller shows them under its own input's names (see TaskWriter). */
export type RuleField = 'task' | 'status' | 'progress' | 'parent' | 'startDate' | 'dueDate' | 'note' | 'evidenceUrl' | 'occurredOn';

export interface RuleViolation {
  field: RuleField;
  message: string;
}

/** What the rules need to know of a stored task. */
export interface TaskState {
  version: number;
  status: TaskStatus;
  progress: number | null;
  startDate: string | null;
  dueDate: string | null;
  archived: boolean;
}

/** A requested change; undefined leaves a field as it is, null clears it. */
export interface TaskChangeRequest {
  /** The version the caller read; undefined skips the check (a new task has none). */
  expectedVersion?: number;
  status?: TaskStatus | null;
  progress?: number | null;
  startDate?: string | null;
  dueDate?: string | null;
  /** The parent the change sets: null for none, or whether the new parent is archived. */
  parent?: { archived: boolean } | null;
  note?: string | null;
  evidenceUrl?: string | null;
  occurredOn?: string | null;
}

export type TaskChangeDecision =
  | { kind: 'accepted'; status: TaskStatus; progress: number | null }
  | { kind: 'conflict'; expectedVersion: number; actualVersion: number }
  | { kind: 'refused'; violations: RuleViolation[] };

/**
 * Decides a change to a task (`current`), or to a new one (`current` null: it starts NOT_REPORTED without progress).
 * The rules, in the README's words:
 * - a stale expectedVersion is a conflict, checked first; an archived task does not change;
 * - progress is a whole number 0–100; COMPLETED means 100: a completion without a figure records 100, any other
 *   figure is refused, and a COMPLETED task keeps 100 until its status changes;
 * - NOT_REPORTED means nobody has reported: it carries no progress, and a reported task never goes back to it.
 *   A figure reported for a NOT_REPORTED task without a status moves it to IN_PROGRESS;
 * - a sub-task's parent is not archived; the start date is not after the due date;
 * - a note is at most 4,000 characters, evidence an http(s) URL, occurredOn a real date not after today.
 * Returns the status and progress the task has afterwards.
 */
export function decideTaskChange(current: TaskState | null, change: TaskChangeRequest, today: string): TaskChangeDecision {
  if (current && change.expectedVersion !== undefined && current.version !== change.expectedVersion) {
    return { kind: 'conflict', expectedVersion: change.expectedVersion, actualVersion: current.version };
  }
  const v: RuleViolation[] = [];
  if (current?.archived) v.push({ field: 'task', message: 'the task is archived' });

  const was = current ? { status: current.status, progress: current.progress } : { status: TaskStatus.NOT_REPORTED, progress: null };
  if (change.progress !== undefined && change.progress !== null && !(Number.isInteger(change.progress) && change.progress >= 0 && change.progress <= 100)) {
    v.push({ field: 'progress', message: 'must be an integer from 0 to 100' });
  }
  if (change.status === null) v.push({ field: 'status', message: 'must not be null' });
  else if (change.status !== undefined && !Object.values(TaskStatus).includes(change.status)) {
    v.push({ field: 'status', message: `must be one of ${Object.values(TaskStatus).join(', ')}` });
  }

  let status = change.status ?? was.status;
  let progress = change.progress !== undefined ? change.progress : was.progress;
  if (status === TaskStatus.COMPLETED) {
    if (change.progress === undefined || (change.progress === null && change.status === TaskStatus.COMPLETED)) progress = 100;
    else if (progress !== 100) {
      const message = change.status === undefined ? 'a COMPLETED task keeps progress 100' : 'must be 100 when the status is COMPLETED';
      v.push({ field: 'progress', message });
    }
  }
  if (change.status === TaskStatus.NOT_REPORTED && was.status !== TaskStatus.NOT_REPORTED) {
    v.push({ field: 'status', message: 'a reported task does not go back to NOT_REPORTED' });
  }
  if (status === TaskStatus.NOT_REPORTED && progress !== null && change.progress !== undefined) {
    if (change.status === undefined) status = TaskStatus.IN_PROGRESS;
    else v.push({ field: 'progress', message: 'must be empty while the status is NOT_REPORTED' });
  }

  if (change.parent?.archived) v.push({ field: 'parent', message: 'the parent task is archived' });
  const start = change.startDate !== undefined ? change.startDate : (current?.startDate ?? null);
  const due = change.dueDate !== undefined ? change.dueDate : (current?.dueDate ?? null);
  if (start && due && start > due) {
    v.push(
      change.dueDate !== undefined
        ? { field: 'dueDate', message: 'must not be before startDate' }
        : { field: 'startDate', message: 'must not be after dueDate' },
    );
  }

  if (change.note !== undefined && change.note !== null && change.note.length > NOTE_MAX) {
    v.push({ field: 'note', message: `must be at most ${NOTE_MAX} characters` });
  }
  if (change.evidenceUrl !== undefined && change.evidenceUrl !== null && !isHttpUrl(change.evidenceUrl)) {
    v.push({ field: 'evidenceUrl', message: 'must be an http or https URL' });
  }
  if (change.occurredOn !== undefined && change.occurredOn !== null) {
    if (!isValidLocalDate(change.occurredOn)) v.push({ field: 'occurredOn', message: 'must be a date YYYY-MM-DD' });
    else if (change.occurredOn > today) v.push({ field: 'occurredOn', message: 'must not be in the future' });
  }
  return v.length ? { kind: 'refused', violations: v } : { kind: 'accepted', status: status as TaskStatus, progress };
}

/** Equality of two field values as stored (lists by their items, absent as null): what counts as a change. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
