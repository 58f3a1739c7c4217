// SQL for the history downloads: a plan's task updates and its indicator readings as flat rows, ordered so the server
// can stream them without a sort (along task_plan_code_idx and the (task_id, version) key; along the indicator code).
// Each has the whole-plan form (a cursor on a server) and a keyset page (the embedded database). $1 is the plan id.

/** Columns of /export/history.*; the last three only for roles that may read notes and authors. */
export const HISTORY_COLUMNS = [
  'taskCode',
  'version',
  'occurredOn',
  'recordedAt',
  'origin',
  'statusFrom',
  'statusTo',
  'progressFrom',
  'progressTo',
  'changedFields',
  'note',
  'evidenceUrl',
  'author',
] as const;
export const HISTORY_NOTE_COLUMNS = ['note', 'evidenceUrl', 'author'] as const;

/** Columns of /export/readings.*; the note only for roles that may read notes. */
export const READING_COLUMNS = [
  'indicatorCode',
  'indicatorName',
  'unit',
  'taskCode',
  'kind',
  'value',
  'qualifier',
  'asOf',
  'asOfPrecision',
  'sourceTitle',
  'sourcePublisher',
  'sourceUrl',
  'sourceQuote',
  'recordedAt',
  'note',
] as const;
export const READING_NOTE_COLUMNS = ['note'] as const;

const HISTORY_ROW = `
    SELECT t.code AS "taskCode", u.version, to_char(u.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
      to_char(u.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", u.origin,
      u.status_from AS "statusFrom", u.status_to AS "statusTo", u.progress_from AS "progressFrom", u.progress_to AS "progressTo",
      ARRAY(SELECT f FROM unnest(
        ARRAY[CASE WHEN u.status_from IS DISTINCT FROM u.status_to THEN 'status' END,
              CASE WHEN u.progress_from IS DISTINCT FROM u.progress_to THEN 'progress' END]
        || ARRAY(SELECT jsonb_object_keys(COALESCE(u.changes, '{}'::jsonb)))) f WHERE f IS NOT NULL) AS "changedFields",
      u.note, u.evidence_url AS "evidenceUrl", u.actor_name AS author
    FROM task t JOIN task_update u ON u.task_id = t.id`;

/** Every history row of plan $1's tasks (archived ones too: history is history), by task code, then version. */
export const PLAN_HISTORY_ROWS_SQL = `${HISTORY_ROW}
    WHERE t.plan_id = $1
    ORDER BY t.code, u.version`;

/** The next $4 rows of PLAN_HISTORY_ROWS_SQL after (task code $2, version $3). */
export const PLAN_HISTORY_PAGE_SQL = `${HISTORY_ROW}
    WHERE t.plan_id = $1 AND (t.code, u.version) > ($2::varchar, $3::int)
    ORDER BY t.code, u.version
    LIMIT $4`;

const READING_ROW = `
    SELECT i.code AS "indicatorCode", i.name AS "indicatorName", i.unit, t.code AS "taskCode", r.kind,
      trim_scale(r.value)::text AS value, r.qualifier, to_char(r.as_of, 'YYYY-MM-DD') AS "asOf", r.as_of_precision AS "asOfPrecision",
      s.title AS "sourceTitle", s.publisher AS "sourcePublisher", s.url AS "sourceUrl", r.source_quote AS "sourceQuote",
      to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt", r.note, r.id AS "readingId"
    FROM indicator i
    LEFT JOIN task t ON t.id = i.task_id
    JOIN indicator_reading r ON r.indicator_id = i.id
    LEFT JOIN source s ON s.id = r.source_id`;

const PLAN_INDICATOR = '(i.plan_id = $1 OR t.plan_id = $1)';

/** Every reading of plan $1's indicators (the plan's own and its tasks'), by indicator code, then reading id. */
export const PLAN_READING_ROWS_SQL = `${READING_ROW}
    WHERE ${PLAN_INDICATOR}
    ORDER BY i.code, r.id`;

/** The next $4 rows of PLAN_READING_ROWS_SQL after (indicator code $2, reading id $3). */
export const PLAN_READING_PAGE_SQL = `${READING_ROW}
    WHERE ${PLAN_INDICATOR} AND (i.code, r.id) > ($2::varchar, $3::bigint)
    ORDER BY i.code, r.id
    LIMIT $4`;
