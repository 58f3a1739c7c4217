// "Who is behind": per area or lead region of a plan, how many of its live top-level tasks had an update in the last
// N days, how many never had one, since when the others have waited, and how many are overdue. ONE statement over
// progress_day_delta (kept by triggers, see the ProgressOverTime migration): each live task is counted once on the
// day of its latest update (last_reported) or as never reported, so the window is a sum over the last N days' rows.

import { planTodaySql } from '../common/time-zone';

/**
 * $1 plan code, $2 true to group by lead region (else by area), $3 staleAfterDays. Rows: every area of the plan (or
 * every region), then the group without area (or region) when it has tasks; the least covered first (the share of
 * tasks updated within the window, ascending; groups without tasks last), then in the plan's (or regions') order.
 */
export const UPDATE_COVERAGE_SQL = `
  WITH p AS (SELECT id, ${planTodaySql('time_zone')} AS today FROM plan WHERE lower(code) = lower($1)),
  w AS (SELECT (SELECT today FROM p) - $3::int + 1 AS start),
  d AS (
    SELECT x.area_id, x.region_code, x.day, x.tasks, x.overdue, x.last_reported, x.never_reported
    FROM progress_day_delta x
    WHERE x.plan_id = (SELECT id FROM p) AND x.by_region = $2::boolean AND x.day <= (SELECT today FROM p)
  ),
  agg AS (
    SELECT d.area_id, d.region_code, sum(d.tasks)::int AS task_count, sum(d.overdue)::int AS overdue,
      sum(d.never_reported)::int AS never_reported,
      COALESCE(sum(d.last_reported) FILTER (WHERE d.day >= (SELECT start FROM w)), 0)::int AS updated_within
    FROM d GROUP BY d.area_id, d.region_code
  ),
  stale AS (
    SELECT x.area_id, x.region_code, min(x.day) AS since FROM (
      SELECT d.area_id, d.region_code, d.day FROM d WHERE d.day < (SELECT start FROM w)
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
    FROM agg WHERE agg.area_id IS NULL AND agg.region_code IS NULL AND agg.task_count > 0
  ),
  answer AS (
    SELECT g.ordinal, g.area_json, g.region_json, COALESCE(a.task_count, 0) AS task_count, COALESCE(a.updated_within, 0) AS updated_within,
      COALESCE(a.never_reported, 0) AS never_reported, COALESCE(a.overdue, 0) AS overdue, to_char(s.since, 'YYYY-MM-DD') AS stale_since
    FROM groups g
    LEFT JOIN agg a ON a.area_id IS NOT DISTINCT FROM g.area_id AND a.region_code IS NOT DISTINCT FROM g.region_code
    LEFT JOIN stale s ON s.area_id IS NOT DISTINCT FROM g.area_id AND s.region_code IS NOT DISTINCT FROM g.region_code
  )
  SELECT (SELECT id FROM p) AS plan_id, to_char((SELECT start FROM w), 'YYYY-MM-DD') AS window_start, answer.*
  FROM (SELECT 1) one LEFT JOIN answer ON true
  ORDER BY answer.updated_within::float8 / NULLIF(answer.task_count, 0) NULLS LAST, answer.ordinal NULLS LAST`;
