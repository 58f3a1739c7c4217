'use strict';
// The data set of bench/over-time.js, generated in SQL (seconds, not minutes, for a million history rows): one plan
// in Asia/Shanghai with `tasks` top-level tasks in 9 areas and ~10 history rows per task on increasing days, some on the
// same day, some backdated, some admin edits; tasks catalogued over two years, some archived. The same every run.
// Also the reference: the plan as it stood at the end of a day read straight from tasks and their history (one probe per
// task), which the product's answers must equal.

const PLAN = 'OVERTIME';

/** SQL statements that load the data set into a migrated, empty database. */
function loadStatements(tasks) {
  return [
    `INSERT INTO plan (code, round, title, title_en, issuer, period_start, period_end, time_zone, created_at)
     VALUES ('${PLAN}', 3, '长三角一体化历史进度基准', 'Progress over time benchmark', '长三角区域合作办公室', 2024, 2026, 'Asia/Shanghai', '2024-01-01 00:00+08')`,
    `INSERT INTO area (plan_id, ordinal, code, name, name_en)
     SELECT p.id, g, 'A' || g, '方面' || g, 'Area ' || g FROM plan p, generate_series(1, 9) g WHERE p.code = '${PLAN}'`,
    // Created at version 1 with no history, as an import creates them; 70% in the first month, the rest over two years
    // (catalogued later), at any hour so the day turns on the plan's time zone. 3% with no area.
    `INSERT INTO task (plan_id, area_id, area_basis, code, title, status, progress, lead_agencies, due_date, version, created_at, updated_at, search_text)
     SELECT p.id, CASE WHEN g % 33 = 0 THEN NULL ELSE (SELECT a.id FROM area a WHERE a.plan_id = p.id AND a.ordinal = 1 + (g * 7) % 9) END,
       CASE WHEN g % 33 = 0 THEN 'NOT_STATED' ELSE 'STATED' END::area_basis,
       'OT' || lpad(g::text, 6, '0'), '推进第' || g || '项一体化任务', 'NOT_REPORTED', NULL, ARRAY['发展改革委'],
       date '2024-06-30' + (g * 37) % 1280, 1, c.at, c.at, '推进第' || g || '项一体化任务' || E'\n'
     FROM plan p, generate_series(1, ${tasks}) g
     CROSS JOIN LATERAL (SELECT timestamptz '2024-01-01 00:00+08'
       + CASE WHEN g % 10 < 7 THEN (g * 13) % 30 ELSE (g * 17) % 730 END * interval '1 day' + ((g * 7919) % 86400) * interval '1 second' AS at) c
     WHERE p.code = '${PLAN}'`,
    // Lead regions: one for most, two for 20%, all four for 3%, none for 2%.
    `INSERT INTO task_lead_region (task_id, region_code)
     SELECT t.id, r FROM task t JOIN plan p ON p.id = t.plan_id AND p.code = '${PLAN}'
     CROSS JOIN LATERAL unnest(CASE
       WHEN t.id % 50 = 0 THEN ARRAY[]::varchar[]
       WHEN t.id % 33 = 1 THEN ARRAY['SH', 'JS', 'ZJ', 'AH']
       WHEN t.id % 5 = 0 THEN ARRAY[(ARRAY['SH', 'JS', 'ZJ', 'AH'])[1 + t.id % 4], (ARRAY['SH', 'JS', 'ZJ', 'AH'])[1 + (t.id + 1) % 4]]
       ELSE ARRAY[(ARRAY['SH', 'JS', 'ZJ', 'AH'])[1 + t.id % 4]] END) r`,
    // History: 0–20 rows per task (10 on average), in phases of three versions with one status and progress each (so the
    // admin edits, a fifth of the rows in a phase's middle, change neither); the last row COMPLETED for a third of the
    // tasks. Days increase 10–29 days per version from the catalogue day, never after today; 3% are dated 40 days back.
    `INSERT INTO task_update (task_id, version, actor_name, origin, recorded_at, occurred_on, status_from, status_to, progress_from, progress_to, note)
     SELECT h.task_id, h.v, CASE WHEN h.admin THEN 'bench-admin' ELSE 'bench-editor-' || (h.task_id % 17) END,
       CASE WHEN h.admin THEN 'ADMIN' ELSE 'API' END, h.at, h.day,
       lag(h.st, 1, 'NOT_REPORTED'::task_status) OVER w, h.st, lag(h.pr) OVER w, h.pr,
       CASE WHEN h.v % 3 = 0 AND NOT h.admin THEN '第' || h.v || '次进展：按计划推进。' END
     FROM (
       SELECT t.id AS task_id, v, s.admin, s.st, CASE WHEN s.st = 'NOT_STARTED' THEN 0 WHEN s.st = 'COMPLETED' THEN 100 ELSE least(95, 10 * (s.k + 1)) END::smallint AS pr,
         least(d.day, current_date) AS day, least(d.day, current_date)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' AS at
       FROM task t JOIN plan p ON p.id = t.plan_id AND p.code = '${PLAN}'
       CROSS JOIN LATERAL generate_series(2, 1 + (t.id * 7919) % 21) v
       CROSS JOIN LATERAL (SELECT (v - 2) / 3 AS k, v = 1 + (t.id * 7919) % 21 AS last) q
       CROSS JOIN LATERAL (SELECT (v - 2) % 3 = 2 AND NOT q.last AND (t.id + v) % 2 = 0 AS admin, q.k,
         CASE WHEN q.last AND t.id % 3 = 0 THEN 'COMPLETED' WHEN q.k = 0 AND t.id % 5 = 0 THEN 'NOT_STARTED'
              WHEN q.k > 0 AND t.id % 7 = 0 THEN 'DELAYED' WHEN q.k > 0 AND t.id % 11 = 0 THEN 'SUSPENDED' ELSE 'IN_PROGRESS' END::task_status AS st) s
       CROSS JOIN LATERAL (SELECT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date + (v - 1) * (10 + t.id % 20)
         - CASE WHEN (t.id * 31 + v) % 33 = 0 THEN 40 ELSE 0 END AS day) d
     ) h
     WINDOW w AS (PARTITION BY h.task_id ORDER BY h.v)`,
    // Each task takes its last row's status, progress and version (the triggers fold every timeline into the day deltas
    // here, as they do for any change); 2% are archived some days after their last change.
    `UPDATE task t SET version = u.version, status = u.status_to, progress = u.progress_to,
       archived_at = CASE WHEN t.id % 50 = 7 THEN least(u.recorded_at + interval '20 days', now()) END, updated_at = u.recorded_at
     FROM (SELECT DISTINCT ON (task_id) task_id, version, status_to, progress_to, recorded_at FROM task_update ORDER BY task_id, version DESC) u
     WHERE u.task_id = t.id`,
    'SELECT progress_compact(NULL)',
  ];
}

/** The plan as it stood at the end of $2 (plan $1), per area code: the rule of the API, one history probe per task. */
const REFERENCE_SQL = `
  WITH p AS (SELECT id, time_zone AS z FROM plan WHERE code = $1),
  k AS (
    SELECT t.id, t.area_id, t.due_date, COALESCE(lu.status_to, f.status_from, t.status) AS st
    FROM task t JOIN p ON p.id = t.plan_id
    LEFT JOIN LATERAL (SELECT u.status_to FROM task_update u
      WHERE u.task_id = t.id AND u.origin <> 'ADMIN' AND u.occurred_on <= $2::date ORDER BY u.occurred_on DESC, u.version DESC LIMIT 1) lu ON true
    LEFT JOIN LATERAL (SELECT u.status_from FROM task_update u WHERE u.task_id = t.id AND u.origin <> 'ADMIN' ORDER BY u.version LIMIT 1) f ON true
    WHERE t.parent_id IS NULL AND (t.created_at AT TIME ZONE p.z)::date <= $2::date
      AND (t.archived_at IS NULL OR (t.archived_at AT TIME ZONE p.z)::date > $2::date)
  )
  SELECT (SELECT code FROM area WHERE id = k.area_id) AS area, count(*)::int AS "taskCount",
    count(*) FILTER (WHERE st = 'NOT_REPORTED')::int AS "notReported", count(*) FILTER (WHERE st = 'IN_PROGRESS')::int AS "inProgress",
    count(*) FILTER (WHERE st = 'COMPLETED')::int AS completed, count(*) FILTER (WHERE st = 'DELAYED')::int AS delayed,
    count(*) FILTER (WHERE st <> 'COMPLETED' AND due_date < $2::date)::int AS overdue
  FROM k GROUP BY 1`;

module.exports = { PLAN, loadStatements, REFERENCE_SQL };
