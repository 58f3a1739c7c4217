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
