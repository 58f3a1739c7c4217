import { TaskStatus } from '../common/domain-enums';
import { decideTaskChange, isHttpUrl, NOTE_MAX, TaskChangeRequest, TaskState } from './task-change.rules';

const TODAY = '2025-06-15';
const task = (over: Partial<TaskState> = {}): TaskState => ({
  version: 3,
  status: TaskStatus.IN_PROGRESS,
  progress: 40,
  startDate: null,
  dueDate: null,
  archived: false,
  ...over,
});
const open = task();
const done = task({ status: TaskStatus.COMPLETED, progress: 100 });
const unreported = task({ status: TaskStatus.NOT_REPORTED, progress: null });
const fields = (current: TaskState | null, change: TaskChangeRequest) => {
  const d = decideTaskChange(current, change, TODAY);
  return d.kind === 'refused' ? d.violations.map((v) => v.field) : [];
};
const outcome = (current: TaskState | null, change: TaskChangeRequest) => decideTaskChange(current, change, TODAY);

describe('decideTaskChange', () => {
  it('accepts a plain progress report', () => {
    expect(outcome(open, { progress: 60, note: 'ok', evidenceUrl: 'https://example.org/a', occurredOn: TODAY })).toEqual({
      kind: 'accepted',
      status: TaskStatus.IN_PROGRESS,
      progress: 60,
    });
  });

  it('is a conflict when the version is stale, before any other rule', () => {
    expect(outcome(task({ archived: true }), { expectedVersion: 2, progress: 101 })).toEqual({ kind: 'conflict', expectedVersion: 2, actualVersion: 3 });
    expect(outcome(open, { expectedVersion: 3 }).kind).toBe('accepted');
  });

  it('refuses any change to an archived task', () => {
    expect(fields(task({ archived: true }), { expectedVersion: 3, progress: 50 })).toEqual(['task']);
  });

  it('keeps a reported task from going back to NOT_REPORTED', () => {
    expect(fields(open, { status: TaskStatus.NOT_REPORTED, progress: null })).toEqual(['status']);
    expect(fields(unreported, { status: TaskStatus.NOT_REPORTED })).toEqual([]);
  });

  it('gives NOT_REPORTED no progress: a figure alone moves the task to IN_PROGRESS, with NOT_REPORTED it is refused', () => {
    expect(outcome(unreported, { progress: 30 })).toEqual({ kind: 'accepted', status: TaskStatus.IN_PROGRESS, progress: 30 });
    expect(outcome(null, { progress: 30 })).toEqual({ kind: 'accepted', status: TaskStatus.IN_PROGRESS, progress: 30 });
    expect(fields(unreported, { status: TaskStatus.NOT_REPORTED, progress: 30 })).toEqual(['progress']);
    expect(outcome(null, {})).toEqual({ kind: 'accepted', status: TaskStatus.NOT_REPORTED, progress: null });
  });

  it('refuses an archived parent and dates out of order', () => {
    expect(fields(null, { parent: { archived: true } })).toEqual(['parent']);
    expect(fields(open, { parent: { archived: false } })).toEqual([]);
    expect(fields(task({ dueDate: '2025-01-01' }), { startDate: '2025-02-01' })).toEqual(['startDate']);
    expect(fields(task({ startDate: '2025-02-01' }), { dueDate: '2025-01-01' })).toEqual(['dueDate']);
  });

  it.each([-1, 101, 50.5, Number.NaN])('refuses progress %p', (progress) => {
    expect(fields(open, { progress })).toEqual(['progress']);
  });

  it('accepts progress 0 and 100 and a null progress', () => {
    expect(fields(open, { progress: 0 })).toEqual([]);
    expect(fields(open, { progress: 100 })).toEqual([]);
    expect(fields(open, { progress: null })).toEqual([]);
  });

  it('refuses COMPLETED with any progress but 100', () => {
    expect(fields(open, { status: TaskStatus.COMPLETED, progress: 80 })).toEqual(['progress']);
    expect(outcome(open, { status: TaskStatus.COMPLETED, progress: null })).toEqual({ kind: 'accepted', status: TaskStatus.COMPLETED, progress: 100 });
    expect(fields(open, { status: TaskStatus.COMPLETED, progress: 100 })).toEqual([]);
  });

  it('refuses lowering the progress of a COMPLETED task unless the status changes too', () => {
    expect(fields(done, { progress: 80 })).toEqual(['progress']);
    expect(fields(done, { status: TaskStatus.IN_PROGRESS, progress: 80 })).toEqual([]);
  });

  it('accepts COMPLETED without a figure, which implies 100', () => {
    expect(fields(open, { status: TaskStatus.COMPLETED })).toEqual([]);
  });

  it('refuses a null or unknown status', () => {
    expect(fields(open, { status: null })).toEqual(['status']);
    expect(fields(open, { status: 'FINISHED' as TaskStatus })).toEqual(['status']);
  });

  it('refuses a note over the limit and accepts one at it', () => {
    expect(fields(open, { note: 'x'.repeat(NOTE_MAX + 1) })).toEqual(['note']);
    expect(fields(open, { note: 'x'.repeat(NOTE_MAX) })).toEqual([]);
  });

  it.each(['javascript:alert(1)', 'ftp://example.org/x', 'data:text/html,hi', '//example.org', 'example.org', `https://e.org/${'x'.repeat(2048)}`])(
    'refuses evidenceUrl %s',
    (evidenceUrl) => {
      expect(fields(open, { evidenceUrl })).toEqual(['evidenceUrl']);
    },
  );

  it.each([
    ['tomorrow', '2025-06-16'],
    ['an impossible date', '2025-02-30'],
    ['another format', '15/06/2025'],
  ])('refuses an occurredOn that is %s', (_what, occurredOn) => {
    expect(fields(open, { occurredOn })).toEqual(['occurredOn']);
  });

  it('reports every violation at once', () => {
    expect(fields(open, { progress: 101, note: 'x'.repeat(NOTE_MAX + 1), evidenceUrl: 'ftp://x', occurredOn: '2099-01-01' })).toEqual([
      'progress',
      'note',
      'evidenceUrl',
      'occurredOn',
    ]);
  });
});

describe('decideTaskChange on COMPLETED', () => {
  it('records 100 for a completion reported without a figure', () => {
    expect(outcome(open, { status: TaskStatus.COMPLETED })).toEqual({ kind: 'accepted', status: TaskStatus.COMPLETED, progress: 100 });
  });

  it('keeps the given figure otherwise, and the current one when none was given', () => {
    expect(outcome(open, { progress: 70 })).toMatchObject({ progress: 70 });
    expect(outcome(open, { status: TaskStatus.DELAYED })).toEqual({ kind: 'accepted', status: TaskStatus.DELAYED, progress: 40 });
    expect(outcome(done, { status: TaskStatus.COMPLETED })).toEqual({ kind: 'accepted', status: TaskStatus.COMPLETED, progress: 100 });
  });
});

describe('isHttpUrl', () => {
  it.each(['http://example.org', 'https://example.org/a?b=c#d', 'HTTPS://EXAMPLE.ORG/证据'])('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });
});
