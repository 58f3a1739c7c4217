// Progress aggregates, each ONE statement grouped in PostgreSQL (never rows loaded into JavaScript).
// Key tasks only: not archived, no parent. `count(t.status)` counts tasks and lets PostgreSQL answer from
// the (plan_id, area_id, status) index.

const COUNTS = `
  count(t.status)::int AS task_count,
  count(*) FILTER (WHERE t.status = 'NOT_REPORTED')::int AS not_reported,
  count(*) FILTER (WHERE t.status = 'NOT_STARTED')::int AS not_started,
  count(*) FILTER (WHERE t.status = 'IN_PROGRESS')::int AS in_progress,
  count(*) FILTER (WHERE t.status = 'COMPLETED')::int AS completed,
  count(*) FILTER (WHERE t.status = 'DELAYED')::int AS delayed,
  count(*) FILTER (WHERE t.status = 'SUSPENDED')::int AS suspended,
  count(*) FILTER (WHERE t.due_date < $2::date AND t.status <> 'COMPLETED')::int AS overdue,
  avg(t.progress)::float8 AS average_progress,
  count(t.progress)::int AS progress_reported`;

const KEY_TASK = 't.archived_at IS NULL AND t.parent_id IS NULL';

/**
 * One row per area of the plan in order (with the area itself as JSON, so no second statement loads it), then one
 * row (area null) for tasks with no area, if any. $1 plan code, $2 today.
 */
export const PROGRESS_BY_AREA_SQL = `
  WITH p AS (SELECT id FROM plan WHERE code = $1),
  by_area AS (
    SELECT a.id AS area_id, a.ordinal, a.declared_task_count,
      json_build_object('id', a.id, 'planId', a.plan_id, 'ordinal', a.ordinal, 'code', a.code, 'name', a.name, 'nameEn', a.name_en,
        'declaredTaskCount', a.declared_task_count, 'note', a.note, 'sourceId', a.source_id, 'sourceQuote', a.source_quote) AS area_json,
      ${COUNTS}
    FROM p JOIN area a ON a.plan_id = p.id
    LEFT JOIN task t ON t.area_id = a.id AND ${KEY_TASK}
    GROUP BY a.id
    UNION ALL
    SELECT NULL, NULL, NULL, NULL::json, ${COUNTS}
    FROM p JOIN task t ON t.plan_id = p.id AND t.area_id IS NULL AND ${KEY_TASK}
    HAVING count(*) > 0
  )
  SELECT (SELECT id FROM p) AS plan_id, by_area.*
  FROM (SELECT 1) one LEFT JOIN by_area ON true
  ORDER BY by_area.ordinal NULLS LAST`;

/**
 * One row per region with its names (a task led by two regions counts for both), then one row (region null) for
 * tasks with no lead region, if any. $1 plan code, $2 today.
 */
export const PROGRESS_BY_REGION_SQL = `
  WITH p AS (SELECT id FROM plan WHERE code = $1),
  by_region AS (
    SELECT r.code AS region_code, r.ordinal, r.name AS region_name, r.name_en AS region_name_en, r.abbreviation AS region_abbreviation,
      ${COUNTS}
    FROM p CROSS JOIN region r
    LEFT JOIN task_lead_region lr ON lr.region_code = r.code
    LEFT JOIN task t ON t.id = lr.task_id AND t.plan_id = p.id AND ${KEY_TASK}
    GROUP BY r.code
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, ${COUNTS}
    FROM p JOIN task t ON t.plan_id = p.id AND ${KEY_TASK}
      AND NOT EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id)
    HAVING count(*) > 0
  )
  SELECT (SELECT id FROM p) AS plan_id, by_region.*
  FROM (SELECT 1) one LEFT JOIN by_region ON true
  ORDER BY by_region.ordinal NULLS LAST`;

/** One row per plan: declared and catalogued counts, status counts, and the latest evaluation's reported figure. */
export const ROUND_COMPARISON_SQL = `
  SELECT p.id AS plan_id, p.declared_task_count,
    count(t.status)::int AS task_count,
    count(*) FILTER (WHERE t.status = 'COMPLETED')::int AS completed,
    count(*) FILTER (WHERE t.status <> 'NOT_REPORTED')::int AS reported,
    e.completion_value::float8 AS reported_value, e.completion_qualifier AS reported_qualifier, e.source_id AS reported_source_id
  FROM plan p
  LEFT JOIN task t ON t.plan_id = p.id AND ${KEY_TASK}
  LEFT JOIN LATERAL (
    SELECT ev.completion_value, ev.completion_qualifier, ev.source_id FROM evaluation ev WHERE ev.plan_id = p.id AND ev.completion_value IS NOT NULL
    ORDER BY ev.evaluated_on DESC, ev.id DESC LIMIT 1
  ) e ON true
  GROUP BY p.id, e.completion_value, e.completion_qualifier, e.source_id
  ORDER BY p.round, p.code`;
