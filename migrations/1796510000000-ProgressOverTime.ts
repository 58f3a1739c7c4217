import { MigrationInterface, QueryRunner } from 'typeorm';

// Progress over time (issue 15): "the plan as it stood at the end of day D" at 100,000 tasks and 1,000,000 history rows
// in a few milliseconds. Reading every task's latest update on or before D costs one index probe per task (~200 ms at
// that size, ×12 for a 12-point trend), so each task's timeline is kept folded into per-day deltas instead:
//
// - progress_day_delta: for each plan, group (an area, or a lead region; NULL = none) and day, how the group's counts
//   change on that day (+1 IN_PROGRESS, −1 NOT_STARTED, +1 overdue, …), and the same summed per month (monthly rows,
//   day = the month's first day). The counts as of D are the sums of the monthly rows of the months before D's and the
//   daily rows of D's month up to D: a few hundred rows, not a probe per task. Rows are only ever appended by writers
//   (no row is updated, so writers never wait on each other); progress_compact() folds a group's rows of one day (or
//   month) into one. Derived data, so no foreign key (a plan's deleted tasks append their own negation).
// - progress_task_basis: for each task, what its deltas were computed from (version, area, lead regions, due date,
//   catalogue and archive days, the status it was created with) and where its timeline ends (its latest update's day,
//   status and progress). When a task changes, progress_sync() appends the difference, in the same transaction as the
//   change (a rolled-back change leaves nothing). The common change, new updates dated on or after the latest one and
//   nothing else, is a step at the end of the timeline: its deltas come from the new history rows alone, whatever the
//   task's history length. Any other change (a backdated update, an area, region or due-date edit, archiving) recomputes
//   the task's whole timeline from the old basis and from the new one and appends the difference, so the deltas stay
//   exact whatever the change.
//
// A task's timeline: it counts from the day it was catalogued (created_at on the plan's clock) until the day it was
// archived (archived_at on that clock; archived during day D means not counted at the end of D). Its status and progress
// at the end of day D are those of its latest update (history row not from an admin edit) with occurred_on <= D, ties
// broken by version; before any, the status it was catalogued with (the first such row's status_from, else the task's
// own status: NOT_REPORTED unless an import gave one). It is overdue on D when its due date is before D and that status
// is not COMPLETED. Area, lead regions, due date and being a sub-task are the task's current ones.
// Coverage ("who is behind") is kept beside: last_reported counts each live key task once, on the day of its latest
// update; never_reported counts live key tasks without one.
export class ProgressOverTime1796510000000 implements MigrationInterface {
  name = 'ProgressOverTime1796510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE "progress_task_basis" (
      "task_id" integer PRIMARY KEY,
      "plan_id" integer NOT NULL,
      "version" integer NOT NULL,
      "counted" boolean NOT NULL,
      "area_id" integer,
      "regions" varchar[] NOT NULL,
      "due_date" date,
      "from_day" date NOT NULL,
      "until_day" date,
      "initial_status" "public"."task_status" NOT NULL,
      "initial_progress" smallint,
      "last_occurred_on" date,
      "last_status" "public"."task_status",
      "last_progress" smallint)`);
    await q(`CREATE TABLE "progress_day_delta" (
      "plan_id" integer NOT NULL,
      "by_region" boolean NOT NULL,
      "monthly" boolean NOT NULL,
      "area_id" integer,
      "region_code" varchar(8),
      "day" date NOT NULL,
      "tasks" integer NOT NULL, "not_reported" integer NOT NULL, "not_started" integer NOT NULL, "in_progress" integer NOT NULL,
      "completed" integer NOT NULL, "delayed" integer NOT NULL, "suspended" integer NOT NULL, "overdue" integer NOT NULL,
      "progress_sum" bigint NOT NULL, "progress_n" integer NOT NULL, "last_reported" integer NOT NULL, "never_reported" integer NOT NULL)`);
    await q(`CREATE INDEX "progress_day_delta_plan_day_idx" ON "progress_day_delta" ("plan_id", "by_region", "monthly", "day")`);

    // One task's deltas from a basis: its timeline as spans [a, b) of one status, each +1 on a and −1 on b, in its area
    // and in each lead region (or the NULL region).
    await q(`CREATE FUNCTION "progress_contribution"(s "progress_task_basis")
      RETURNS TABLE ("by_region" boolean, "area_id" integer, "region_code" varchar, "day" date, "tasks" integer, "not_reported" integer,
        "not_started" integer, "in_progress" integer, "completed" integer, "delayed" integer, "suspended" integer, "overdue" integer,
        "progress_sum" bigint, "progress_n" integer, "last_reported" integer, "never_reported" integer)
      LANGUAGE sql STABLE AS $$
      WITH reports AS (
        SELECT u.occurred_on, u.version, u.status_to, u.progress_to FROM task_update u
        WHERE u.task_id = s.task_id AND u.version <= s.version AND u.origin <> 'ADMIN'
          AND u.occurred_on IS NOT NULL AND u.status_to IS NOT NULL
      ),
      points AS (
        SELECT s.from_day AS d, '-infinity'::date AS occ, 0 AS version, s.initial_status AS st, s.initial_progress AS pr
        UNION ALL
        SELECT greatest(r.occurred_on, s.from_day), r.occurred_on, r.version, r.status_to, r.progress_to FROM reports r
      ),
      per_day AS (SELECT DISTINCT ON (p.d) p.d, p.st, p.pr FROM points p ORDER BY p.d, p.occ DESC, p.version DESC),
      spans AS (SELECT x.d AS a, least(lead(x.d) OVER (ORDER BY x.d), s.until_day) AS b, x.st, x.pr FROM per_day x),
      live AS (SELECT * FROM spans WHERE s.counted AND (spans.b IS NULL OR spans.a < spans.b)),
      late AS (SELECT greatest(l.a, s.due_date + 1) AS o, l.b FROM live l WHERE l.st <> 'COMPLETED' AND s.due_date IS NOT NULL),
      events AS (
        SELECT l.a AS day, 1 AS sgn, l.st, l.pr, 0 AS od, 0 AS lr, 0 AS nr FROM live l
        UNION ALL SELECT l.b, -1, l.st, l.pr, 0, 0, 0 FROM live l WHERE l.b IS NOT NULL
        UNION ALL SELECT o.o, 1, NULL, NULL, 1, 0, 0 FROM late o WHERE o.b IS NULL OR o.o < o.b
        UNION ALL SELECT o.b, -1, NULL, NULL, 1, 0, 0 FROM late o WHERE o.b IS NOT NULL AND o.o < o.b
        UNION ALL SELECT COALESCE(max(r.occurred_on), s.from_day), 1, NULL, NULL, 0, least(count(*), 1)::int, (count(*) = 0)::int
          FROM reports r HAVING s.counted AND s.until_day IS NULL
      ),
      grp AS (
        SELECT false AS by_region, s.area_id AS area_id, NULL::varchar AS region_code
        UNION ALL
        SELECT true, NULL, r FROM unnest(CASE WHEN cardinality(s.regions) = 0 THEN ARRAY[NULL]::varchar[] ELSE s.regions END) r
      )
      SELECT g.by_region, g.area_id, g.region_code, e.day,
        (CASE WHEN e.st IS NOT NULL THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'NOT_REPORTED' THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'NOT_STARTED' THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'IN_PROGRESS' THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'COMPLETED' THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'DELAYED' THEN e.sgn ELSE 0 END),
        (CASE WHEN e.st = 'SUSPENDED' THEN e.sgn ELSE 0 END),
        e.od * e.sgn,
        COALESCE(e.sgn * e.pr, 0)::bigint,
        (CASE WHEN e.pr IS NOT NULL THEN e.sgn ELSE 0 END),
        e.lr, e.nr
      FROM events e CROSS JOIN grp g
    $$`);

    // The basis each task of $1 should be counted under now (where its timeline ends is filled in by progress_sync).
    await q(`CREATE FUNCTION "progress_task_basis_now"(ids integer[]) RETURNS SETOF "progress_task_basis" LANGUAGE sql STABLE AS $$
      SELECT t.id, t.plan_id, t.version, t.parent_id IS NULL, t.area_id,
        ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code)::varchar[],
        t.due_date, (t.created_at AT TIME ZONE p.time_zone)::date, (t.archived_at AT TIME ZONE p.time_zone)::date,
        COALESCE(f.status_from, t.status), CASE WHEN f.found THEN f.progress_from ELSE t.progress END, NULL::date, NULL::task_status, NULL::smallint
      FROM task t JOIN plan p ON p.id = t.plan_id
      LEFT JOIN LATERAL (
        SELECT true AS found, u.status_from, u.progress_from FROM task_update u
        WHERE u.task_id = t.id AND u.origin <> 'ADMIN' ORDER BY u.version LIMIT 1
      ) f ON true
      WHERE t.id = ANY(ids)
    $$`);

    // The common change, one task's new updates dated on or after its latest one and nothing else, as a step at the end
    // of its timeline: the deltas come from the new history rows alone (whatever the history's length), in a few small
    // statements. Returns false, having written nothing, when the change is anything else (the caller then recomputes
    // the timeline). Each transition moves one count from the old status to the new one on its day, and the overdue
    // count from the day after the due date; the latest update's day moves (coverage).
    await q(`CREATE FUNCTION "progress_step"(p_task integer) RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        b progress_task_basis;
        n progress_task_basis;
        r record;
        d date;
        st0 task_status;
        pr0 smallint;
        last_day date;
        reported boolean := false;
        days date[] := '{}'; sts task_status[] := '{}'; sgns integer[] := '{}'; prs smallint[] := '{}';
        ods integer[] := '{}'; lrs integer[] := '{}'; nrs integer[] := '{}';
      BEGIN
        SELECT * INTO b FROM progress_task_basis WHERE task_id = p_task;
        IF NOT FOUND OR b.until_day IS NOT NULL THEN RETURN false; END IF;
        SELECT * INTO n FROM progress_task_basis_now(ARRAY[p_task]);
        IF NOT FOUND OR n.version < b.version OR (n.plan_id, n.counted, n.area_id, n.regions, n.due_date, n.from_day, n.until_day, n.initial_status, n.initial_progress) IS DISTINCT FROM (b.plan_id, b.counted, b.area_id, b.regions, b.due_date, b.from_day, b.until_day, b.initial_status, b.initial_progress) THEN RETURN false; END IF;
        IF n.version = b.version THEN RETURN true; END IF;
        st0 := b.last_status;
        pr0 := b.last_progress;
        last_day := b.last_occurred_on;
        FOR r IN
          SELECT u.occurred_on, u.status_to, u.progress_to FROM task_update u
          WHERE u.task_id = p_task AND u.version > b.version AND u.version <= n.version AND u.origin <> 'ADMIN'
            AND u.occurred_on IS NOT NULL AND u.status_to IS NOT NULL
          ORDER BY u.occurred_on, u.version
        LOOP
          IF r.occurred_on < b.last_occurred_on THEN RETURN false; END IF;
          IF n.counted THEN
            d := greatest(r.occurred_on, n.from_day);
            days := days || d || d; sts := sts || st0 || r.status_to; sgns := sgns || -1 || 1; prs := prs || pr0 || r.progress_to;
            ods := ods || 0 || 0; lrs := lrs || 0 || 0; nrs := nrs || 0 || 0;
            IF n.due_date IS NOT NULL THEN
              days := days || greatest(d, n.due_date + 1); sts := sts || NULL::task_status; sgns := sgns || 1; prs := prs || NULL::smallint;
              ods := ods || ((r.status_to <> 'COMPLETED')::int - (st0 <> 'COMPLETED')::int); lrs := lrs || 0; nrs := nrs || 0;
            END IF;
          END IF;
          st0 := r.status_to;
          pr0 := r.progress_to;
          last_day := r.occurred_on;
          reported := true;
        END LOOP;
        IF reported AND n.counted THEN
          days := days || COALESCE(b.last_occurred_on, n.from_day) || last_day; sts := sts || NULL::task_status || NULL::task_status;
          sgns := sgns || 1 || 1; prs := prs || NULL::smallint || NULL::smallint; ods := ods || 0 || 0;
          lrs := lrs || -((b.last_occurred_on IS NOT NULL)::int) || 1; nrs := nrs || -((b.last_occurred_on IS NULL)::int) || 0;
        END IF;
        IF cardinality(days) > 0 THEN
          WITH e AS (SELECT * FROM unnest(days, sts, sgns, prs, ods, lrs, nrs) AS e(day, st, sgn, pr, od, lr, nr)),
          daily AS (
            SELECT n.plan_id, g.by_region, g.area_id, g.region_code, e.day, 0 AS tasks,
              sum(CASE WHEN e.st = 'NOT_REPORTED' THEN e.sgn ELSE 0 END) AS not_reported, sum(CASE WHEN e.st = 'NOT_STARTED' THEN e.sgn ELSE 0 END) AS not_started,
              sum(CASE WHEN e.st = 'IN_PROGRESS' THEN e.sgn ELSE 0 END) AS in_progress, sum(CASE WHEN e.st = 'COMPLETED' THEN e.sgn ELSE 0 END) AS completed,
              sum(CASE WHEN e.st = 'DELAYED' THEN e.sgn ELSE 0 END) AS delayed, sum(CASE WHEN e.st = 'SUSPENDED' THEN e.sgn ELSE 0 END) AS suspended,
              sum(e.od) AS overdue, sum(COALESCE(e.sgn * e.pr, 0)) AS progress_sum,
              sum(CASE WHEN e.st IS NOT NULL AND e.pr IS NOT NULL THEN e.sgn ELSE 0 END) AS progress_n, sum(e.lr) AS last_reported, sum(e.nr) AS never_reported
            FROM e CROSS JOIN (
              SELECT false AS by_region, n.area_id AS area_id, NULL::varchar AS region_code
              UNION ALL
              SELECT true, NULL, rc FROM unnest(CASE WHEN cardinality(n.regions) = 0 THEN ARRAY[NULL]::varchar[] ELSE n.regions END) rc
            ) g
            GROUP BY g.by_region, g.area_id, g.region_code, e.day
          )
          INSERT INTO progress_day_delta
          SELECT x.plan_id, x.by_region, false, x.area_id, x.region_code, x.day, x.tasks, x.not_reported, x.not_started, x.in_progress,
            x.completed, x.delayed, x.suspended, x.overdue, x.progress_sum, x.progress_n, x.last_reported, x.never_reported
          FROM daily x WHERE (x.tasks, x.not_reported, x.not_started, x.in_progress, x.completed, x.delayed, x.suspended, x.overdue, x.progress_sum,
              x.progress_n, x.last_reported, x.never_reported) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            UNION ALL
            SELECT x.plan_id, x.by_region, true, x.area_id, x.region_code, date_trunc('month', x.day::timestamp)::date,
              sum(x.tasks), sum(x.not_reported), sum(x.not_started), sum(x.in_progress), sum(x.completed), sum(x.delayed), sum(x.suspended),
              sum(x.overdue), sum(x.progress_sum), sum(x.progress_n), sum(x.last_reported), sum(x.never_reported)
            FROM daily x GROUP BY x.plan_id, x.by_region, x.area_id, x.region_code, date_trunc('month', x.day::timestamp)
            HAVING (sum(x.tasks), sum(x.not_reported), sum(x.not_started), sum(x.in_progress), sum(x.completed), sum(x.delayed),
              sum(x.suspended), sum(x.overdue), sum(x.progress_sum), sum(x.progress_n), sum(x.last_reported), sum(x.never_reported))
              <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        END IF;
        UPDATE progress_task_basis SET version = n.version, last_occurred_on = last_day, last_status = st0, last_progress = pr0 WHERE task_id = p_task;
        RETURN true;
      END $$`);

    // Brings the deltas of tasks $1 up to date: one task's new updates as a step (progress_step), anything else by
    // recomputing each changed task's timeline from its old and from its new basis and appending the difference, netted
    // per group and day and summed per month, then recording the new basis. Idempotent: a task whose basis has not
    // changed costs one comparison. Set-based (joins, no per-task subqueries over its CTEs), so a bulk change stays
    // linear. A generic plan: the custom plans PL/pgSQL would otherwise make for each array cost ~2 ms to plan.
    await q(`CREATE FUNCTION "progress_sync"(ids integer[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        IF cardinality(ids) = 0 OR (cardinality(ids) = 1 AND progress_step(ids[1])) THEN RETURN; END IF;
        WITH now_ AS (SELECT n AS s FROM progress_task_basis_now(ids) n),
          was AS (SELECT o AS s FROM progress_task_basis o WHERE o.task_id = ANY(ids)),
          moved AS (
            SELECT n.s AS new_s, w.s AS old_s, COALESCE((n.s).task_id, (w.s).task_id) AS task_id, COALESCE((n.s).plan_id, (w.s).plan_id) AS plan_id
            FROM now_ n FULL JOIN was w ON (w.s).task_id = (n.s).task_id
            WHERE ((n.s).task_id, (n.s).version, (n.s).plan_id, (n.s).counted, (n.s).area_id, (n.s).regions, (n.s).due_date, (n.s).from_day, (n.s).until_day, (n.s).initial_status, (n.s).initial_progress) IS DISTINCT FROM ((w.s).task_id, (w.s).version, (w.s).plan_id, (w.s).counted, (w.s).area_id, (w.s).regions, (w.s).due_date, (w.s).from_day, (w.s).until_day, (w.s).initial_status, (w.s).initial_progress)
          ),
          deltas AS (
            SELECT m.plan_id, c.*, 1 AS sgn FROM moved m CROSS JOIN LATERAL progress_contribution(m.new_s) c WHERE (m.new_s).task_id IS NOT NULL
            UNION ALL
            SELECT m.plan_id, c.*, -1 FROM moved m CROSS JOIN LATERAL progress_contribution(m.old_s) c WHERE (m.old_s).task_id IS NOT NULL
          ),
          daily AS (
            SELECT d.plan_id, d.by_region, d.area_id, d.region_code, d.day,
              sum(d.sgn * d.tasks) AS tasks, sum(d.sgn * d.not_reported) AS not_reported, sum(d.sgn * d.not_started) AS not_started,
              sum(d.sgn * d.in_progress) AS in_progress, sum(d.sgn * d.completed) AS completed, sum(d.sgn * d.delayed) AS delayed,
              sum(d.sgn * d.suspended) AS suspended, sum(d.sgn * d.overdue) AS overdue, sum(d.sgn * d.progress_sum) AS progress_sum,
              sum(d.sgn * d.progress_n) AS progress_n, sum(d.sgn * d.last_reported) AS last_reported, sum(d.sgn * d.never_reported) AS never_reported
            FROM deltas d GROUP BY d.plan_id, d.by_region, d.area_id, d.region_code, d.day
          ),
          appended AS (
            INSERT INTO progress_day_delta
            SELECT x.plan_id, x.by_region, false, x.area_id, x.region_code, x.day, x.tasks, x.not_reported, x.not_started, x.in_progress,
              x.completed, x.delayed, x.suspended, x.overdue, x.progress_sum, x.progress_n, x.last_reported, x.never_reported
            FROM daily x WHERE (x.tasks, x.not_reported, x.not_started, x.in_progress, x.completed, x.delayed, x.suspended, x.overdue, x.progress_sum,
              x.progress_n, x.last_reported, x.never_reported) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            UNION ALL
            SELECT x.plan_id, x.by_region, true, x.area_id, x.region_code, date_trunc('month', x.day::timestamp)::date,
              sum(x.tasks), sum(x.not_reported), sum(x.not_started), sum(x.in_progress), sum(x.completed), sum(x.delayed), sum(x.suspended),
              sum(x.overdue), sum(x.progress_sum), sum(x.progress_n), sum(x.last_reported), sum(x.never_reported)
            FROM daily x GROUP BY x.plan_id, x.by_region, x.area_id, x.region_code, date_trunc('month', x.day::timestamp)
            HAVING (sum(x.tasks), sum(x.not_reported), sum(x.not_started), sum(x.in_progress), sum(x.completed), sum(x.delayed),
              sum(x.suspended), sum(x.overdue), sum(x.progress_sum), sum(x.progress_n), sum(x.last_reported), sum(x.never_reported))
              <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          ),
          gone AS (DELETE FROM progress_task_basis o USING moved m WHERE o.task_id = m.task_id AND (m.new_s).task_id IS NULL)
        -- Where each timeline ends: its latest update (by day, then version), else the status it was catalogued with.
        INSERT INTO progress_task_basis
        SELECT (m.new_s).task_id, (m.new_s).plan_id, (m.new_s).version, (m.new_s).counted, (m.new_s).area_id, (m.new_s).regions,
          (m.new_s).due_date, (m.new_s).from_day, (m.new_s).until_day, (m.new_s).initial_status, (m.new_s).initial_progress,
          l.occurred_on, COALESCE(l.status_to, (m.new_s).initial_status), CASE WHEN l.version IS NULL THEN (m.new_s).initial_progress ELSE l.progress_to END
        FROM moved m
        LEFT JOIN LATERAL (
          SELECT u.version, u.occurred_on, u.status_to, u.progress_to FROM task_update u
          WHERE u.task_id = m.task_id AND u.version <= (m.new_s).version AND u.origin <> 'ADMIN' AND u.occurred_on IS NOT NULL AND u.status_to IS NOT NULL
          ORDER BY u.occurred_on DESC, u.version DESC LIMIT 1
        ) l ON true
        WHERE (m.new_s).task_id IS NOT NULL
        ON CONFLICT (task_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, version = EXCLUDED.version, counted = EXCLUDED.counted,
          area_id = EXCLUDED.area_id, regions = EXCLUDED.regions, due_date = EXCLUDED.due_date, from_day = EXCLUDED.from_day,
          until_day = EXCLUDED.until_day, initial_status = EXCLUDED.initial_status, initial_progress = EXCLUDED.initial_progress,
          last_occurred_on = EXCLUDED.last_occurred_on, last_status = EXCLUDED.last_status, last_progress = EXCLUDED.last_progress;
      END $$`);

    // Folds each group's rows of one day (or month) into one (plan $1, or every plan when NULL); returns how many rows
    // went. Rows a concurrent writer appends meanwhile are not seen, so not deleted: they stay and still count.
    await q(`CREATE FUNCTION "progress_compact"(p_plan integer) RETURNS integer LANGUAGE sql AS $$
      WITH dup AS (
        SELECT x.ctid AS tid FROM (
          SELECT d.ctid, count(*) OVER (PARTITION BY d.plan_id, d.by_region, d.monthly, d.area_id, d.region_code, d.day) AS n
          FROM progress_day_delta d WHERE p_plan IS NULL OR d.plan_id = p_plan
        ) x WHERE x.n > 1
      ),
      gone AS (DELETE FROM progress_day_delta d WHERE d.ctid = ANY(ARRAY(SELECT tid FROM dup)) RETURNING d.*),
      merged AS (
        INSERT INTO progress_day_delta
        SELECT g.plan_id, g.by_region, g.monthly, g.area_id, g.region_code, g.day, sum(g.tasks), sum(g.not_reported), sum(g.not_started),
          sum(g.in_progress), sum(g.completed), sum(g.delayed), sum(g.suspended), sum(g.overdue), sum(g.progress_sum),
          sum(g.progress_n), sum(g.last_reported), sum(g.never_reported)
        FROM gone g GROUP BY g.plan_id, g.by_region, g.monthly, g.area_id, g.region_code, g.day
        HAVING (sum(g.tasks), sum(g.not_reported), sum(g.not_started), sum(g.in_progress), sum(g.completed), sum(g.delayed),
          sum(g.suspended), sum(g.overdue), sum(g.progress_sum), sum(g.progress_n), sum(g.last_reported), sum(g.never_reported))
          <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM gone)::int - (SELECT count(*) FROM merged)::int
    $$`);

    // Every path that changes a task (the TaskWriter's one statement, createTask, imports, the seed, plain SQL) fires
    // these; statement-level, so a bulk statement syncs its tasks in one set-based pass.
    await q(`CREATE FUNCTION "progress_sync_changed_tasks"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM progress_sync(ARRAY(SELECT DISTINCT c.id FROM changed c)); RETURN NULL; END $$`);
    await q(`CREATE FUNCTION "progress_sync_changed_lead_regions"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM progress_sync(ARRAY(SELECT DISTINCT c.task_id FROM changed c)); RETURN NULL; END $$`);
    await q(`CREATE FUNCTION "progress_sync_changed_plans"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM progress_sync(ARRAY(SELECT t.id FROM task t JOIN changed c ON c.id = t.plan_id JOIN before b ON b.id = c.id
          WHERE c.time_zone IS DISTINCT FROM b.time_zone));
        RETURN NULL;
      END $$`);
    for (const [event, ref] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await q(`CREATE TRIGGER "task_progress_${event.toLowerCase()}" AFTER ${event} ON "task" REFERENCING ${ref} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION "progress_sync_changed_tasks"()`);
    }
    for (const [event, ref] of [
      ['INSERT', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await q(`CREATE TRIGGER "task_lead_region_progress_${event.toLowerCase()}" AFTER ${event} ON "task_lead_region" REFERENCING ${ref} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION "progress_sync_changed_lead_regions"()`);
    }
    await q(`CREATE TRIGGER "plan_progress_update" AFTER UPDATE ON "plan" REFERENCING OLD TABLE AS before NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION "progress_sync_changed_plans"()`);

    // Backfill from the history already recorded (the same function as every later change), then fold it.
    await q(`SELECT progress_sync(ARRAY(SELECT id FROM task))`);
    await q(`SELECT progress_compact(NULL)`);

    // Incremental pulls: tasks(filter: { planCode, changedSince }) and the UPDATED_AT orders walk this index.
    await q(`CREATE INDEX "task_plan_updated_at_idx" ON "task" ("plan_id", "updated_at", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP INDEX "public"."task_plan_updated_at_idx"`);
    await q(`DROP TRIGGER "plan_progress_update" ON "plan"`);
    for (const event of ['insert', 'delete']) await q(`DROP TRIGGER "task_lead_region_progress_${event}" ON "task_lead_region"`);
    for (const event of ['insert', 'update', 'delete']) await q(`DROP TRIGGER "task_progress_${event}" ON "task"`);
    await q(`DROP FUNCTION "progress_sync_changed_plans"()`);
    await q(`DROP FUNCTION "progress_sync_changed_lead_regions"()`);
    await q(`DROP FUNCTION "progress_sync_changed_tasks"()`);
    await q(`DROP FUNCTION "progress_compact"(integer)`);
    await q(`DROP FUNCTION "progress_sync"(integer[])`);
    await q(`DROP FUNCTION "progress_step"(integer)`);
    await q(`DROP FUNCTION "progress_task_basis_now"(integer[])`);
    await q(`DROP FUNCTION "progress_contribution"("progress_task_basis")`);
    await q(`DROP TABLE "progress_day_delta"`);
    await q(`DROP TABLE "progress_task_basis"`);
  }
}
