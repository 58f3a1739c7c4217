import { completionRate, computedCompletionRate, percentToRate } from './completion';

describe('completionRate', () => {
  it('is completed / taskCount', () => {
    expect(completionRate({ taskCount: 4, completed: 1 })).toBe(0.25);
    expect(completionRate({ taskCount: 13, completed: 4 })).toBeCloseTo(4 / 13, 12);
  });

  it('reaches its bounds 0 and 1 exactly', () => {
    expect(completionRate({ taskCount: 7, completed: 0 })).toBe(0);
    expect(completionRate({ taskCount: 7, completed: 7 })).toBe(1);
  });

  it('is null when there are no tasks, rather than 0 or NaN', () => {
    expect(completionRate({ taskCount: 0, completed: 0 })).toBeNull();
  });

  it('rejects counts that cannot be', () => {
    expect(() => completionRate({ taskCount: 3, completed: 4 })).toThrow(RangeError);
    expect(() => completionRate({ taskCount: 3, completed: -1 })).toThrow(RangeError);
  });
});

describe('computedCompletionRate', () => {
  it('is null when no task has a reported status, since 0 would be a claim', () => {
    expect(computedCompletionRate({ taskCount: 165, completed: 0, reported: 0 })).toBeNull();
  });

  it('is completed over all catalogued tasks, not only the reported ones', () => {
    expect(computedCompletionRate({ taskCount: 10, completed: 2, reported: 4 })).toBe(0.2);
    expect(computedCompletionRate({ taskCount: 10, completed: 0, reported: 1 })).toBe(0);
  });

  it('is null for a plan with nothing catalogued', () => {
    expect(computedCompletionRate({ taskCount: 0, completed: 0, reported: 0 })).toBeNull();
  });
});

describe('percentToRate', () => {
  it('turns a published percentage into a rate 0–1', () => {
    expect(percentToRate(90)).toBe(0.9);
    expect(percentToRate(0)).toBe(0);
    expect(percentToRate(100)).toBe(1);
    expect(percentToRate(33.3333)).toBe(0.333333);
  });

  it('rounds to the six decimals the database keeps', () => {
    expect(percentToRate(12.3456789)).toBe(0.123457);
  });

  it.each([-0.01, 100.01, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (value) => {
    expect(() => percentToRate(value)).toThrow(RangeError);
  });
});
