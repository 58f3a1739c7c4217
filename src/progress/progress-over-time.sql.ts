// Progress over time, each ONE statement over progress_day_delta: per plan, group and day (and per month), how the
// counts change (kept by triggers, see the ProgressOverTime migration). The counts at the end of day D are the sums of
// the monthly rows of the months before D's and the daily rows of D's month up to D: a few hundred small rows, never
// every task's history. Each statement also returns the plan's id, today and first day (its created_at on its clock)
// so the service can refuse a day outside them without a second statement.

import { planTodaySql } from '../common/time-zone';

/** The plan by code ($1), with its today and the first day it existed, both on its clock. */
const PLAN = `p AS (
    SELECT id, ${planTodaySql('time_zone')} AS today, (created_at AT TIME ZONE time_zone)::date AS first_day
    FROM plan WHERE lower(code) = lower($1)
  )`;

const PLAN_COLUMNS = `(SELECT id FROM p) AS plan_id, to_char((SELECT today FROM p), 'YYYY-MM-DD') AS today,
    to_char((SELECT first_day FROM p), 'YYYY-MM-DD') AS first_day`;

/** The status counts of a group from its summed deltas `s` (none: zeros), named as ProgressService's CountRow. */
const COUNTS = `
      COALESCE(s.tasks, 0)::int AS task_count, COALESCE(s.not_reported, 0)::int AS not_reported,
      COALESCE(s.not_started, 0)::int AS not_started, COALESCE(s.in_progress, 0)::int AS in_progress,
      COALESCE(s.completed, 0)::int AS completed, COALESCE(s.delayed, 0)::int AS delayed, COALESCE(s.suspended, 0)::int AS suspended,
      COALESCE(s.overdue, 0)::int AS overdue, (s.progress_sum::float8 / NULLIF(s.progress_n, 0))::float8 AS average_progress,
      COALESCE(s.progress_n, 0)::int AS progress_reported`;

/** The first day of the month of a date expression, as a date. */
export const monthOf = (date: string) => `date_trunc('month', (${date})::timestamp)::date`;

/**
 * The delta rows of plan (SELECT id FROM p), one dimension, that make up the counts at the end of day `day`: the
 * monthly rows before its month and the daily rows of its month up to it (two ranges of progress_day_delta_plan_day_idx).
 */
export const rowsUpTo = (byRegion: boolean | string, day: string) => `
      SELECT * FROM progress_day_delta d
      WHERE d.plan_id = (SELECT id FROM p) AND d.by_region = ${byRegion} AND d.monthly AND d.day < ${monthOf(day)}
      UNION ALL
      SELECT * FROM progress_day_delta d
      WHERE d.plan_id = (SELECT id FROM p) AND d.by_region = ${byRegion} AND NOT d.monthly AND d.day >= ${monthOf(day)} AND d.day <= ${day}`;

/** Sums of the deltas of each group of one dimension up to day $2. */
const SUMS = (byRegion: boolean, key: string) => `
    SELECT d.${key}, sum(d.tasks) AS tasks, sum(d.not_reported) AS not_reported, sum(d.not_started) AS not_started,
      sum(d.in_progress) AS in_progress, sum(d.completed) AS completed, sum(d.delayed) AS delayed, sum(d.suspended) AS suspended,
      sum(d.overdue) AS overdue, sum(d.progress_sum) AS progress_sum, sum(d.progress_n) AS progress_n
    FROM (${rowsUpTo(byRegion, '$2::date')}) d
    GROUP BY d.${key}`;

/**
 * progressByArea as it stood at the end of day $2 (plan $1): one row per area of the plan in order, with the area as
 * JSON, then one row (area null) for tasks with no area when any counted that day. Same columns as PROGRESS_BY_AREA_SQL.
 */
export const PROGRESS_BY_AREA_AS_OF_SQL = `
  WITH ${PLAN},
  sums AS (${SUMS(false, 'area_id')}),
  by_area AS (
    SELECT a.id AS area_id, a.ordinal, a.declared_task_count,
      json_build_object('id', a.id, 'planId', a.plan_id, 'ordinal', a.ordinal, 'code', a.code, 'name', a.name, 'nameEn', a.name_en,
        'declaredTaskCount', a.declared_task_count, 'note', a.note, 'sourceId', a.source_id, 'sourceQuote', a.source_quote) AS area_json,
      ${COUNTS}
    FROM p JOIN area a ON a.plan_id = p.id
    LEFT JOIN sums s ON s.area_id = a.id
    UNION ALL
    SELECT NULL, NULL, NULL, NULL::json, ${COUNTS}
    FROM sums s WHERE s.area_id IS NULL AND s.tasks > 0
  )
  SELECT ${PLAN_COLUMNS}, by_area.*
  FROM (SELECT 1) one LEFT JOIN by_area ON true
  ORDER BY by_area.ordinal NULLS LAST`;

/**
 * progressByRegion as it stood at the end of day $2 (plan $1): one row per region in order, then one row (region null)
 * for tasks with no lead region when any counted that day. Same columns as PROGRESS_BY_REGION_SQL.
 */
export const PROGRESS_BY_REGION_AS_OF_SQL = `
  WITH ${PLAN},
  sums AS (${SUMS(true, 'region_code')}),
  by_region AS (
    SELECT r.code AS region_code, r.ordinal, r.name AS region_name, r.name_en AS region_name_en, r.abbreviation AS region_abbreviation,
      ${COUNTS}
    FROM region r LEFT JOIN sums s ON s.region_code = r.code
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, ${COUNTS}
    FROM sums s WHERE s.region_code IS NULL AND s.tasks > 0
  )
  SELECT ${PLAN_COLUMNS}, by_region.*
  FROM (SELECT 1) one LEFT JOIN by_region ON true
  ORDER BY by_region.ordinal NULLS LAST`;

/**
 * progressTrend: plan $1, from $2, to $3, period $4 ('1 month' or '3 months', truncated by unit $5: 'month' or
 * 'quarter'), area code $6 (null: the whole plan). One point per period that overlaps [from, to], at the period's last
 * day or at `to` for the last one. Every point but the last is a month's last day, so the monthly rows of the months
 * before `to`'s (each dated its last day) and the daily rows of `to`'s month up to `to` hold every change; each goes
 * in the bucket of the first point on or after its date (width_bucket over the points' days + 1), the buckets are
 * summed once, and a running sum over the points gives each point's counts: one pass whatever the number of points.
 */
export const PROGRESS_TREND_SQL = `
  WITH ${PLAN},
  area AS (SELECT a.id FROM area a WHERE a.plan_id = (SELECT id FROM p) AND lower(a.code) = lower($6::text)),
  points AS (
    SELECT row_number() OVER (ORDER BY m)::int AS idx, least((m + $4::interval - interval '1 day')::date, $3::date) AS as_of
    FROM generate_series(date_trunc($5::text, $2::date::timestamp), date_trunc($5::text, $3::date::timestamp), $4::interval) AS m
  ),
  bounds AS (SELECT array_agg(pt.as_of + 1 ORDER BY pt.idx) AS b FROM points pt),
  buckets AS (
    SELECT width_bucket(CASE WHEN d.monthly THEN (d.day + interval '1 month' - interval '1 day')::date ELSE d.day END, (SELECT b FROM bounds)) AS k,
      sum(d.tasks) AS tasks, sum(d.not_reported) AS not_reported, sum(d.not_started) AS not_started, sum(d.in_progress) AS in_progress,
      sum(d.completed) AS completed, sum(d.delayed) AS delayed, sum(d.suspended) AS suspended, sum(d.overdue) AS overdue
    FROM (${rowsUpTo(false, '$3::date')}) d
    WHERE $6::text IS NULL OR d.area_id = (SELECT id FROM area)
    GROUP BY 1
  )
  SELECT ${PLAN_COLUMNS}, (SELECT id FROM area) AS area_id, to_char(pt.as_of, 'YYYY-MM-DD') AS as_of,
    COALESCE(sum(b.tasks) OVER w, 0)::int AS task_count, COALESCE(sum(b.not_reported) OVER w, 0)::int AS not_reported,
    COALESCE(sum(b.not_started) OVER w, 0)::int AS not_started, COALESCE(sum(b.in_progress) OVER w, 0)::int AS in_progress,
    COALESCE(sum(b.completed) OVER w, 0)::int AS completed, COALESCE(sum(b.delayed) OVER w, 0)::int AS delayed,
    COALESCE(sum(b.suspended) OVER w, 0)::int AS suspended, COALESCE(sum(b.overdue) OVER w, 0)::int AS overdue
  FROM points pt LEFT JOIN buckets b ON b.k = pt.idx - 1
  WINDOW w AS (ORDER BY pt.idx)
  ORDER BY pt.idx`;
