// Rules for questions about a past day, as plain functions (no Nest, no database), so a unit test needs no app.

/** Periods of a trend. */
export enum TrendInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}

/** Most points one trend answers (10 years of months). */
export const MAX_TREND_POINTS = 120;

const MONTHS: Record<TrendInterval, number> = { [TrendInterval.MONTH]: 1, [TrendInterval.QUARTER]: 3 };

/** The SQL interval and date_trunc unit of a period (parameters $4 and $5 of PROGRESS_TREND_SQL). */
export function periodSql(interval: TrendInterval): { step: string; unit: string } {
  return interval === TrendInterval.QUARTER ? { step: '3 months', unit: 'quarter' } : { step: '1 month', unit: 'month' };
}

/** How many points a trend from `from` to `to` (YYYY-MM-DD, from <= to) has: one per period that overlaps the range. */
export function trendPointCount(from: string, to: string, interval: TrendInterval): number {
  const months = MONTHS[interval];
  const index = (date: string) => {
    const [y, m] = date.split('-').map(Number);
    return Math.floor((y * 12 + m - 1) / months);
  };
  return index(to) - index(from) + 1;
}

/** What is wrong with a trend's range before the plan is read, as { field, message }, or null. */
export function trendRangeProblem(from: string, to: string, interval: TrendInterval): { field: string; message: string } | null {
  if (from > to) return { field: 'from', message: `must not be after to (${to})` };
  const points = trendPointCount(from, to, interval);
  if (points > MAX_TREND_POINTS) {
    return {
      field: 'to',
      message: `the range has ${points} ${interval === TrendInterval.MONTH ? 'months' : 'quarters'}; at most ${MAX_TREND_POINTS} points per trend`,
    };
  }
  return null;
}

/**
 * What is wrong with a day asked about for a plan, or null. The tracker knows a plan from the day it was created in it
 * (its first day, on its clock) up to its today: a later day has not ended, and before the first day nothing was
 * catalogued, so an answer would be zeros that read as "nothing done" rather than "not known".
 */
export function dayProblem(day: string, plan: { today: string; firstDay: string }): string | null {
  if (day > plan.today) return `${day} is in the future: the plan's today is ${plan.today}`;
  if (day < plan.firstDay) return `${day} is before the plan was created in this tracker (${plan.firstDay}): nothing was catalogued then`;
  return null;
}
