import { TaskStatus } from '../common/domain-enums';
import { checkProgressChange, impliedProgress, isHttpUrl, NOTE_MAX } from './task-change.rules';

const TODAY = '2025-06-15';
const open = { status: TaskStatus.IN_PROGRESS, progress: 40 };
const done = { status: TaskStatus.COMPLETED, progress: 100 };
const fields = (current: { status: TaskStatus; progress: number | null }, change: Parameters<typeof checkProgressChange>[1]) =>
  checkProgressChange(current, change, TODAY).map((v) => v.field);

describe('checkProgressChange', () => {
  it('accepts a plain progress report', () => {
    expect(checkProgressChange(open, { progress: 60, note: 'ok', evidenceUrl: 'https://example.org/a', occurredOn: TODAY }, TODAY)).toEqual([]);
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
    expect(fields(open, { status: TaskStatus.COMPLETED, progress: null })).toEqual(['progress']);
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
    expect(fields(open, { progress: 101, note: 'x'.repeat(NOTE_MAX + 1), evidenceUrl: 'ftp://x', occurredOn: '2099-01-01' }))
      .toEqual(['progress', 'note', 'evidenceUrl', 'occurredOn']);
  });
});

describe('impliedProgress', () => {
  it('records 100 for a completion reported without a figure', () => {
    expect(impliedProgress({ progress: 40 }, { status: TaskStatus.COMPLETED })).toBe(100);
  });

  it('keeps the given figure otherwise, and gives none when none was given', () => {
    expect(impliedProgress({ progress: 40 }, { status: TaskStatus.COMPLETED, progress: 100 })).toBe(100);
    expect(impliedProgress({ progress: 40 }, { progress: 70 })).toBe(70);
    expect(impliedProgress({ progress: 40 }, { status: TaskStatus.DELAYED })).toBeUndefined();
    expect(impliedProgress({ progress: 100 }, { status: TaskStatus.COMPLETED })).toBeUndefined();
  });
});

describe('isHttpUrl', () => {
  it.each(['http://example.org', 'https://example.org/a?b=c#d', 'HTTPS://EXAMPLE.ORG/证据'])('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });
});
