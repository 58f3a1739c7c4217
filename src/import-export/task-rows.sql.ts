import { planTodaySql } from '../common/time-zone';
// SQL for the task exchange format: a plan's tasks as rows (export, and the stored side of an import), and
// the bulk statements that create imported tasks. Pure strings; $1 is always the plan id.

// The exchange columns of task t: parent and area as codes, lead regions sorted, the date of the latest update (the
// occurredOn of the highest version). Per-task index lookups (lateral) rather than plan-wide GROUP BYs joined back:
// the planner cannot misjudge them when a bulk import has just made the table statistics stale (that plan took
// minutes for 10,000 rows).
const EXCHANGE_ROW = `
    SELECT t.id, t.code, p.code AS "parentCode", a.code AS "areaCode", t.title, NULLIF(t.title_en, '') AS "titleEn",
      t.status, t.progress, r.codes AS "leadRegions", t.lead_agencies AS "leadAgencies",
      to_char(t.start_date, 'YYYY-MM-DD') AS "startDate", to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.version,
      t.archived_at IS NOT NULL AS archived, to_char(lu.occurred_on, 'YYYY-MM-DD') AS "latestUpdateDate"
    FROM task t
    LEFT JOIN task p ON p.id = t.parent_id
    LEFT JOIN area a ON a.id = t.area_id
    CROSS JOIN LATERAL (
      SELECT ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code) AS codes
    ) r
    LEFT JOIN LATERAL (
      SELECT COALESCE(u.occurred_on, (u.recorded_at AT TIME ZONE 'UTC')::date) AS occurred_on
      FROM task_update u WHERE u.task_id = t.id ORDER BY u.version DESC LIMIT 1
    ) lu ON true`;

/** Every live (not archived) task of plan $1 as exchange rows, ordered by code: the export. */
export const PLAN_EXPORT_ROWS_SQL = `${EXCHANGE_ROW}
    WHERE t.plan_id = $1 AND t.archived_at IS NULL
    ORDER BY t.code COLLATE "C"`;

/**
 * One page of PLAN_EXPORT_ROWS_SQL: the next $3 live tasks of plan $1 after code $2. The page is chosen first, along
 * the (plan_id, code) index, so each page costs its own rows only; the order is the database's collation, which on
 * embedded PGlite (the one user of pages) is "C", as the cursor's.
 */
export const PLAN_EXPORT_PAGE_SQL = `${EXCHANGE_ROW}
    JOIN (
      SELECT k.id FROM task k
      WHERE k.plan_id = $1 AND k.archived_at IS NULL AND k.code > $2
      ORDER BY k.code LIMIT $3
    ) page ON page.id = t.id
    ORDER BY t.code`;

/**
 * The tasks of plan $1 an import needs, archived ones included: those whose codes are in $2 (the file's codes and the
 * parents it names) and every ancestor of them, for the cycle check. A handful of index lookups whatever the plan's
 * size; no row is locked here (the writes lock the rows they change, and check their version as they do).
 */
export const IMPORT_STORED_ROWS_SQL = `
    WITH RECURSIVE wanted AS (
      SELECT t.id, t.parent_id FROM task t WHERE t.plan_id = $1 AND lower(t.code) = ANY($2::text[])
      UNION
      SELECT up.id, up.parent_id FROM task up JOIN wanted w ON up.id = w.parent_id
    )${EXCHANGE_ROW}
    WHERE t.id IN (SELECT id FROM wanted)`;

/** The plan, its areas (code → id), the known region codes and the plan's today (its time zone), in one statement. */
export const PLAN_CONTEXT_SQL = `
  SELECT p.id,
    COALESCE((SELECT json_object_agg(a.code, a.id ORDER BY a.ordinal) FROM area a WHERE a.plan_id = p.id), '{}') AS areas,
    ARRAY(SELECT r.code FROM region r ORDER BY r.ordinal) AS regions,
    to_char(${planTodaySql('p.time_zone')}, 'YYYY-MM-DD') AS today
  FROM plan p WHERE lower(p.code) = lower($1)`;

/** Serialises imports of one plan without blocking readers or foreign-key checks. */
export const LOCK_PLAN_SQL = 'SELECT id FROM plan WHERE id = $1 FOR NO KEY UPDATE';

/** Inserts new tasks from a JSON array ($2, each with its position n), version 1; returns id and code. */
export const INSERT_TASKS_SQL = `
  INSERT INTO task (plan_id, code, title, title_en, search_text, status, progress, area_id, area_basis, lead_agencies, start_date, due_date)
  SELECT $1, x.code, x.title, x.title_en, x.search_text, x.status::task_status, x.progress, a.id,
    CASE WHEN a.id IS NULL THEN 'NOT_STATED' ELSE 'STATED' END::area_basis,
    ARRAY(SELECT e.v FROM jsonb_array_elements_text(x.lead_agencies) WITH ORDINALITY AS e(v, n) ORDER BY e.n),
    x.start_date, x.due_date
  FROM jsonb_to_recordset($2::jsonb) AS x(n int, code varchar, title text, title_en text, search_text text, status text, progress smallint,
    area_code varchar, lead_agencies jsonb, start_date date, due_date date)
  LEFT JOIN area a ON a.plan_id = $1 AND a.code = x.area_code
  ORDER BY x.n
  RETURNING id, code`;

/** Points new tasks at their parents, by code within the plan ($2: JSON array of { code, parent_code }). */
export const SET_PARENTS_SQL = `
  UPDATE task t SET parent_id = p.id
  FROM jsonb_to_recordset($2::jsonb) AS x(code varchar, parent_code varchar)
  JOIN task p ON p.plan_id = $1 AND p.code = x.parent_code
  WHERE t.plan_id = $1 AND t.code = x.code`;

/** Lead regions of new tasks: $1 task ids, $2 region codes, pairwise. */
export const INSERT_LEAD_REGIONS_SQL = 'INSERT INTO task_lead_region (task_id, region_code) SELECT * FROM unnest($1::int[], $2::varchar[])';
