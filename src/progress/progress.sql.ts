// Progress aggregates, each ONE statement in PostgreSQL (never rows loaded into JavaScript). Key tasks only: not
// archived, no parent. The counts come from the tallies the writers keep (migration TaskTally): a group's rows are
// summed, and its overdue rows that count on the plan's today (the date on its clock), so an answer reads a few
// hundred rows whatever the plan's size (at 100,000 tasks in one plan, counting the tasks cost 40–240 ms).

import { AREA_SHAPE } from '../areas/area.shape';
import { planTodaySql } from '../common/time-zone';
import { overdueOn, TALLY_COUNTS, TALLY_SUMS } from '../common/sql/task-tally';

/** The plan $1 (by code) and its today, with its groups' summed tallies and overdue counts of kind `grp`, keyed by `key`. */
const planGroups = (grp: 'A' | 'R', key: 'area_id' | 'region_code') => `
  WITH p AS (SELECT id, ${planTodaySql('time_zone')} AS today FROM plan WHERE lower(code) = lower($1)),
  counts AS (
    SELECT x.${key}, ${TALLY_SUMS('x')}
    FROM p JOIN task_tally x ON x.plan_id = p.id AND x.grp = '${grp}' GROUP BY x.${key}
  ),
  late AS (
    SELECT o.${key}, sum(o.overdue) AS overdue
    FROM p JOIN task_overdue_tally o ON o.plan_id = p.id AND o.grp = '${grp}' AND ${overdueOn('o', 'p.today')} GROUP BY o.${key}
  )`;

/**
 * One row per area of the plan in order (with the area itself as JSON, so no second statement loads it), then one
 * row (area null) for tasks with no area, if any. $1 plan code; overdue means due before the plan's today.
 */
export const PROGRESS_BY_AREA_SQL = `${planGroups('A', 'area_id')},
  by_area AS (
    SELECT a.id AS area_id, a.ordinal, a.declared_task_count,
      ${AREA_SHAPE.json('a')} AS area_json,
      ${TALLY_COUNTS('c', 'l')}
    FROM p JOIN area a ON a.plan_id = p.id
    LEFT JOIN counts c ON c.area_id = a.id
    LEFT JOIN late l ON l.area_id = a.id
    UNION ALL
    SELECT NULL, NULL, NULL, NULL::json, ${TALLY_COUNTS('c', 'l')}
    FROM counts c LEFT JOIN late l ON l.area_id IS NULL
    WHERE c.area_id IS NULL AND c.tasks > 0
  )
  SELECT (SELECT id FROM p) AS plan_id, by_area.*
  FROM (SELECT 1) one LEFT JOIN by_area ON true
  ORDER BY by_area.ordinal NULLS LAST`;

/**
 * One row per region with its names (a task led by two regions counts for both), then one row (region null) for
 * tasks with no lead region, if any. $1 plan code; overdue means due before the plan's today.
 */
export const PROGRESS_BY_REGION_SQL = `${planGroups('R', 'region_code')},
  by_region AS (
    SELECT r.code AS region_code, r.ordinal, r.name AS region_name, r.name_en AS region_name_en, r.abbreviation AS region_abbreviation,
      ${TALLY_COUNTS('c', 'l')}
    FROM region r LEFT JOIN counts c ON c.region_code = r.code LEFT JOIN late l ON l.region_code = r.code
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, ${TALLY_COUNTS('c', 'l')}
    FROM counts c LEFT JOIN late l ON l.region_code IS NULL
    WHERE c.region_code IS NULL AND c.tasks > 0
  )
  SELECT (SELECT id FROM p) AS plan_id, by_region.*
  FROM (SELECT 1) one LEFT JOIN by_region ON true
  ORDER BY by_region.ordinal NULLS LAST`;

/**
 * One row per plan: declared and catalogued counts, status counts, and the latest evaluation's reported figure. The
 * counts are each plan's summed 'P' tallies.
 */
export const ROUND_COMPARISON_SQL = `
  SELECT p.id AS plan_id, p.declared_task_count, COALESCE(c.task_count, 0) AS task_count, COALESCE(c.completed, 0) AS completed,
    COALESCE(c.reported, 0) AS reported,
    e.completion_value::float8 AS reported_value, e.completion_qualifier AS reported_qualifier, e.source_id AS reported_source_id
  FROM plan p
  LEFT JOIN (
    SELECT x.plan_id, sum(x.tasks)::int AS task_count, sum(x.completed)::int AS completed, sum(x.tasks - x.not_reported)::int AS reported
    FROM task_tally x WHERE x.grp = 'P' GROUP BY x.plan_id
  ) c ON c.plan_id = p.id
  LEFT JOIN LATERAL (
    SELECT ev.completion_value, ev.completion_qualifier, ev.source_id FROM evaluation ev WHERE ev.plan_id = p.id AND ev.completion_value IS NOT NULL
    ORDER BY ev.evaluated_on DESC, ev.id DESC LIMIT 1
  ) e ON true
  ORDER BY p.round, p.code`;
