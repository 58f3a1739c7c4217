// Reading the key-task counts the writers keep (migration TaskTally: task_tally, task_overdue_tally). A group's counts
// now are the sums of its rows; its overdue count on a day is the sum of the overdue rows that count on that day.

/** The tally column of a task status (`NOT_REPORTED` → `not_reported`). */
export const tallyColumn = (status: string) => status.toLowerCase();

/**
 * Whether overdue tally row `o` counts on `today` (an SQL date expression): the monthly rows of the months before
 * today's month, and the daily rows of today's month up to today (a task is overdue from the day after its due date).
 */
export function overdueOn(o: string, today: string): string {
  const month = `date_trunc('month', (${today})::timestamp)::date`;
  return `((${o}.monthly AND ${o}.day < ${month}) OR (NOT ${o}.monthly AND ${o}.day >= ${month} AND ${o}.day <= ${today}))`;
}

/**
 * A superset of overdueOn for whatever a plan's today is, on the overdue index's own columns (monthly, day): every
 * clock's date is within a day of UTC's, so one index range serves the rows of many plans at once (the exact test,
 * overdueOn with each plan's today, then filters them). Without it, an overdue total across plans read every daily
 * row of every plan (52,000 rows at 200,000 tasks) instead of the few thousand of their months.
 */
export function overdueNearToday(o: string): string {
  const utc = `(now() AT TIME ZONE 'UTC')`;
  return `((${o}.monthly AND ${o}.day < date_trunc('month', ${utc} + interval '1 day')::date)
    OR (NOT ${o}.monthly AND ${o}.day >= date_trunc('month', ${utc} - interval '1 day')::date AND ${o}.day <= (${utc} + interval '1 day')::date))`;
}

/** Sums of a group's task_tally rows `x` (the columns the progress rows are made of). */
export const TALLY_SUMS = (x: string) => `
  sum(${x}.tasks) AS tasks, sum(${x}.not_reported) AS not_reported, sum(${x}.not_started) AS not_started,
  sum(${x}.in_progress) AS in_progress, sum(${x}.completed) AS completed, sum(${x}.delayed) AS delayed,
  sum(${x}.suspended) AS suspended, sum(${x}.progress_sum) AS progress_sum, sum(${x}.progress_n) AS progress_n`;

/** A progress row's counts from summed tallies `c` (TALLY_SUMS) and an overdue sum `l.overdue` (either may be missing: zeros). */
export const TALLY_COUNTS = (c: string, l: string) => `
  COALESCE(${c}.tasks, 0)::int AS task_count,
  COALESCE(${c}.not_reported, 0)::int AS not_reported,
  COALESCE(${c}.not_started, 0)::int AS not_started,
  COALESCE(${c}.in_progress, 0)::int AS in_progress,
  COALESCE(${c}.completed, 0)::int AS completed,
  COALESCE(${c}.delayed, 0)::int AS delayed,
  COALESCE(${c}.suspended, 0)::int AS suspended,
  COALESCE(${l}.overdue, 0)::int AS overdue,
  (${c}.progress_sum::float8 / NULLIF(${c}.progress_n, 0))::float8 AS average_progress,
  COALESCE(${c}.progress_n, 0)::int AS progress_reported`;
