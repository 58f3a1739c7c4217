// "Who is behind": per area or lead region of a plan, how many of its live top-level tasks had an update in the last
// N days, how many never had one, since when the others have waited, and how many are overdue. ONE statement over
// progress_day_delta (kept by triggers, see the ProgressOverTime migration): each live task is counted once on the
// day of its latest update (last_reported) or as never reported, so "updated within the window" is the tasks counted
// up to today less those counted up to the day before the window, each read from monthly rows and one month of daily
// rows; the oldest stale day is found in the first month that has one.

import { planTodaySql } from '../common/time-zone';
import { monthOf, rowsUpTo } from './progress-over-time.sql';

/**
 * $1 plan code, $2 true to group by lead region (else by area), $3 staleAfterDays. Rows: every area of the plan (or
 * every region), then the group without area (or region) when it has tasks; the least covered first (the share of
 * tasks updated within the window, ascending; groups without tasks last), then in the plan's (or regions') order.
 */
export const UPDATE_COVERAGE_SQL = `
  WITH p AS (SELECT id, ${planTodaySql('time_zone')} AS today FROM plan WHERE lower(code) = lower($1)),
  w AS (SELECT (SELECT today FROM p) - $3::int + 1 AS start),
  now_ AS (
    SELECT d.area_id, d.region_code, sum(d.tasks)::int AS task_count, sum(d.overdue)::int AS overdue,
      sum(d.never_reported)::int AS never_reported, sum(d.last_reported)::int AS reported
    FROM (${rowsUpTo('$2::boolean', '(SELECT today FROM p)')}) d GROUP BY d.area_id, d.region_code
  ),
  before AS (
    SELECT d.area_id, d.region_code, sum(d.last_reported)::int AS reported
    FROM (${rowsUpTo('$2::boolean', '(SELECT start - 1 FROM w)')}) d GROUP BY d.area_id, d.region_code
  ),
  first_month AS (
    SELECT x.area_id, x.region_code, min(x.day) AS month FROM (
      SELECT d.area_id, d.region_code, d.day FROM progress_day_delta d
      WHERE d.plan_id = (SELECT id FROM p) AND d.by_region = $2::boolean AND d.monthly AND d.day < ${monthOf('(SELECT start FROM w)')}
      GROUP BY d.area_id, d.region_code, d.day HAVING sum(d.last_reported) > 0
    ) x GROUP BY x.area_id, x.region_code
  ),
  groups AS (
    SELECT a.id AS area_id, NULL::varchar AS region_code, a.ordinal,
      json_build_object('id', a.id, 'planId', a.plan_id, 'ordinal', a.ordinal, 'code', a.code, 'name', a.name, 'nameEn', a.name_en,
        'declaredTaskCount', a.declared_task_count, 'note', a.note, 'sourceId', a.source_id, 'sourceQuote', a.source_quote) AS area_json,
      NULL::json AS region_json
    FROM area a WHERE a.plan_id = (SELECT id FROM p) AND NOT $2::boolean
    UNION ALL
    SELECT NULL, r.code, r.ordinal, NULL,
      json_build_object('code', r.code, 'ordinal', r.ordinal, 'name', r.name, 'nameEn', r.name_en, 'abbreviation', r.abbreviation)
    FROM region r WHERE $2::boolean
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL
    FROM now_ WHERE now_.area_id IS NULL AND now_.region_code IS NULL AND now_.task_count > 0
  ),
  answer AS (
    SELECT g.ordinal, g.area_json, g.region_json, COALESCE(n.task_count, 0) AS task_count,
      COALESCE(n.reported, 0) - COALESCE(b.reported, 0) AS updated_within, COALESCE(n.never_reported, 0) AS never_reported,
      COALESCE(n.overdue, 0) AS overdue,
      -- The oldest day before the window on which some task of the group had its latest update: in the first month
      -- with one, else in the days of the window's first month before it.
      (SELECT to_char(min(x.day), 'YYYY-MM-DD') FROM (
        SELECT d.day FROM progress_day_delta d
        WHERE d.plan_id = (SELECT id FROM p) AND d.by_region = $2::boolean AND NOT d.monthly
          AND d.day >= COALESCE(m.month, ${monthOf('(SELECT start FROM w)')})
          AND d.day < COALESCE((m.month + interval '1 month')::date, (SELECT start FROM w))
          AND d.area_id IS NOT DISTINCT FROM g.area_id AND d.region_code IS NOT DISTINCT FROM g.region_code
        GROUP BY d.day HAVING sum(d.last_reported) > 0
      ) x) AS stale_since
    FROM groups g
    LEFT JOIN now_ n ON n.area_id IS NOT DISTINCT FROM g.area_id AND n.region_code IS NOT DISTINCT FROM g.region_code
    LEFT JOIN before b ON b.area_id IS NOT DISTINCT FROM g.area_id AND b.region_code IS NOT DISTINCT FROM g.region_code
    LEFT JOIN first_month m ON m.area_id IS NOT DISTINCT FROM g.area_id AND m.region_code IS NOT DISTINCT FROM g.region_code
  )
  SELECT (SELECT id FROM p) AS plan_id, to_char((SELECT start FROM w), 'YYYY-MM-DD') AS window_start, answer.*
  FROM (SELECT 1) one LEFT JOIN answer ON true
  ORDER BY answer.updated_within::float8 / NULLIF(answer.task_count, 0) NULLS LAST, answer.ordinal NULLS LAST`;
