-- The peer's write path for S4/S5: PostGraphile exposes this function as Mutation.recordTaskUpdate.
-- It does what the product's TaskWriter does: lock the task, check the expected version, apply the
-- change with a version bump, append one history row. Lives in its own schema of the bench database only.
CREATE SCHEMA IF NOT EXISTS peer;

CREATE OR REPLACE FUNCTION peer.record_task_update(task_id integer, expected_version integer, status task_status,
  progress integer, note text) RETURNS task
LANGUAGE plpgsql VOLATILE STRICT AS $$
DECLARE
  cur task;
  upd task;
BEGIN
  SELECT * INTO cur FROM task t WHERE t.id = record_task_update.task_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'task % not found', record_task_update.task_id USING ERRCODE = 'no_data_found';
  END IF;
  IF cur.version <> expected_version THEN
    RAISE EXCEPTION 'task % is at version %, not %', cur.id, cur.version, expected_version USING ERRCODE = 'serialization_failure';
  END IF;
  UPDATE task t SET status = record_task_update.status, progress = record_task_update.progress,
    version = t.version + 1, updated_at = now()
  WHERE t.id = cur.id AND t.version = expected_version
  RETURNING * INTO upd;
  INSERT INTO task_update (task_id, version, actor_key_id, actor_name, origin, occurred_on, status_from, status_to,
    progress_from, progress_to, note)
  VALUES (cur.id, upd.version, NULL, 'peer', 'API', current_date,
    CASE WHEN cur.status IS DISTINCT FROM upd.status THEN cur.status END,
    CASE WHEN cur.status IS DISTINCT FROM upd.status THEN upd.status END,
    CASE WHEN cur.progress IS DISTINCT FROM upd.progress THEN cur.progress END,
    CASE WHEN cur.progress IS DISTINCT FROM upd.progress THEN upd.progress END,
    note);
  RETURN upd;
END
$$;

-- The tuned peer: what a PostGraphile user writes for a dashboard aggregate and a search (PostGraphile's documented
-- way: a STABLE function in an exposed schema becomes a custom root query field). Inlined by the planner, so each is
-- one statement. Query.progressByArea(planCode, today) and Query.searchTasks(statuses, regions, search, first).
DO $$ BEGIN
  CREATE TYPE peer.area_progress AS (area_code text, ordinal integer, task_count integer, not_reported integer,
    not_started integer, in_progress integer, completed integer, delayed integer, suspended integer, overdue integer);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE OR REPLACE FUNCTION peer.progress_by_area(plan_code text, today date) RETURNS SETOF peer.area_progress
LANGUAGE sql STABLE AS $$
  SELECT a.code::text, a.ordinal, count(t.id)::int,
    count(t.id) FILTER (WHERE t.status = 'NOT_REPORTED')::int,
    count(t.id) FILTER (WHERE t.status = 'NOT_STARTED')::int,
    count(t.id) FILTER (WHERE t.status = 'IN_PROGRESS')::int,
    count(t.id) FILTER (WHERE t.status = 'COMPLETED')::int,
    count(t.id) FILTER (WHERE t.status = 'DELAYED')::int,
    count(t.id) FILTER (WHERE t.status = 'SUSPENDED')::int,
    count(t.id) FILTER (WHERE t.due_date < today AND t.status <> 'COMPLETED')::int
  FROM plan p
  JOIN area a ON a.plan_id = p.id
  LEFT JOIN task t ON t.area_id = a.id AND t.parent_id IS NULL AND t.archived_at IS NULL
  WHERE p.code = progress_by_area.plan_code
  GROUP BY a.id
  ORDER BY a.ordinal, a.id
$$;

-- The search filters on the expression the trigram index below covers (the product's migration creates the same
-- index under the same name; IF NOT EXISTS keeps the peer's schema self-sufficient without a second index).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS task_search_trgm_idx ON task USING gin ((lower(title || E'\n' || coalesce(title_en, ''))) gin_trgm_ops);

CREATE OR REPLACE FUNCTION peer.search_tasks(statuses task_status[], regions text[], search text) RETURNS SETOF task
LANGUAGE sql STABLE AS $$
  SELECT t.* FROM task t
  WHERE t.parent_id IS NULL AND t.archived_at IS NULL AND t.status = ANY(search_tasks.statuses)
    AND EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id AND lr.region_code = ANY(search_tasks.regions))
    AND lower(t.title || E'\n' || coalesce(t.title_en, '')) LIKE '%' || lower(replace(replace(replace(search_tasks.search, '\', '\\'), '%', '\%'), '_', '\_')) || '%'
  ORDER BY t.code, t.id
$$;
