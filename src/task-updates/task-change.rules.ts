// Rules for a change to a task, as plain functions (no Nest, no TypeORM) so they are unit-tested alone
// and shared by the API, admin edits and imports.
import { TaskStatus } from '../common/domain-enums';
import { isHttpUrl } from '../common/http-url';
import { isValidLocalDate } from '../common/local-date';

export { isHttpUrl };

export const NOTE_MAX = 4000;

export interface RuleViolation {
  field: string;
  message: string;
}

export interface ProgressChange {
  status?: TaskStatus | null;
  progress?: number | null;
  note?: string | null;
  evidenceUrl?: string | null;
  occurredOn?: string | null;
}

/** Checks a status/progress change against the task's current state; returns every violation. */
export function checkProgressChange(
  current: { status: TaskStatus; progress: number | null },
  change: ProgressChange,
  today: string,
): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (change.progress !== undefined && change.progress !== null) {
    if (!Number.isInteger(change.progress) || change.progress < 0 || change.progress > 100) {
      v.push({ field: 'progress', message: 'must be an integer from 0 to 100' });
    }
  }
  if (change.status === null) v.push({ field: 'status', message: 'must not be null' });
  if (change.status !== undefined && change.status !== null && !Object.values(TaskStatus).includes(change.status)) {
    v.push({ field: 'status', message: `must be one of ${Object.values(TaskStatus).join(', ')}` });
  }
  const status = change.status ?? current.status;
  const progress = change.progress !== undefined ? change.progress : current.progress;
  if (status === TaskStatus.COMPLETED && progress !== 100 && change.progress !== undefined) {
    v.push({ field: 'progress', message: 'must be 100 when the status is COMPLETED' });
  }
  if (status === TaskStatus.COMPLETED && progress !== 100 && change.progress === undefined && change.status === undefined) {
    v.push({ field: 'progress', message: 'a COMPLETED task keeps progress 100' });
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
  return v;
}

/**
 * The progress a status change implies: COMPLETED means 100, so a completion reported without a figure
 * records 100 rather than refusing it.
 */
export function impliedProgress(current: { progress: number | null }, change: ProgressChange): number | null | undefined {
  if (change.status === TaskStatus.COMPLETED && change.progress === undefined && current.progress !== 100) return 100;
  return change.progress;
}
