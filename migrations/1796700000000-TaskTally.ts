import { MigrationInterface, QueryRunner } from 'typeorm';

// Counts of the key tasks as they stand now (issue 11, "No cliffs", item 2 cold): progress by area and by region, the
// round comparison and the totals of the common task lists used to count or group every task they cover (100,000
// tasks of one plan: 40–240 ms of PostgreSQL per request). The writers now keep the counts, in the same transaction as
// the change, so those answers read a few hundred rows whatever the plan's size:
//
// - task_tally: per plan and group, how the group's key tasks (not archived, no parent) change: +1 task, +1 COMPLETED,
//   −1 IN_PROGRESS, the progress sum and count. Groups: 'P' the whole plan, 'A' an area (NULL: no area), 'R' a lead
//   region (NULL: none; a task led by two regions counts in both). The counts now are the sums of a group's rows.
// - task_overdue_tally: when a group's tasks become overdue. A key task not COMPLETED with a due date counts as overdue
//   from the day after its due date, so it adds +1 on that day (a daily row) and on that day's month (a monthly row,
//   day = the month's first day). "Overdue on day D" (the plan's today, on its clock, read when asked) is the sum of the
//   monthly rows of the months before D's and the daily rows of D's month up to D: at most a few hundred rows per
//   group. No writer is needed at midnight.
// - task_tally_basis: for each counted task, the state its rows were computed from (plan, area, lead regions, due date,
//   status, progress). task_tally_sync() appends the difference between that basis and the task now.
//
// Rows are only ever appended by writers, never updated, so writers of one plan never wait on each other's counts;
// task_tally_compact() folds each group's rows into one (src/progress/progress-compactor.service.ts runs it every few
// seconds). Statement triggers on task and task_lead_region call the sync, so every path that changes a task (the
// TaskWriter, admin edits, imports, the seed, SQL by hand) keeps the counts, and a rolled-back change leaves none.
// Derived data: no foreign keys (a deleted task appends its own negation).
export class TaskTally1796700000000 implements MigrationInterface {
  name = 'TaskTally1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE "task_tally_basis" (
      "task_id" integer PRIMARY KEY,
      "plan_id" integer NOT NULL,
      "area_id" integer,
      "regions" varchar[] NOT NULL,
      "due_date" date,
      "status" "public"."task_status" NOT NULL,
      "progress" smallint)`);
    await q(`CREATE TABLE "task_tally" (
      "plan_id" integer NOT NULL,
      "grp" "char" NOT NULL CHECK ("grp" IN ('P', 'A', 'R')),
      "area_id" integer,
      "region_code" varchar(8),
      "tasks" integer NOT NULL, "not_reported" integer NOT NULL, "not_started" integer NOT NULL, "in_progress" integer NOT NULL,
      "completed" integer NOT NULL, "delayed" integer NOT NULL, "suspended" integer NOT NULL,
      "progress_sum" bigint NOT NULL, "progress_n" integer NOT NULL)`);
    // A plan's groups of one kind; and one group across plans (an area's tasks under a list of areas, a lead region's
    // tasks in every plan).
    await q(`CREATE INDEX "task_tally_plan_idx" ON "task_tally" ("plan_id", "grp")`);
    await q(`CREATE INDEX "task_tally_group_idx" ON "task_tally" ("grp", "area_id", "region_code")`);
    await q(`CREATE TABLE "task_overdue_tally" (
      "plan_id" integer NOT NULL,
      "grp" "char" NOT NULL CHECK ("grp" IN ('P', 'A', 'R')),
      "area_id" integer,
      "region_code" varchar(8),
      "monthly" boolean NOT NULL,
      "day" date NOT NULL,
      "overdue" integer NOT NULL)`);
    await q(`CREATE INDEX "task_overdue_tally_plan_idx" ON "task_overdue_tally" ("plan_id", "grp", "monthly", "day")`);
    await q(`CREATE INDEX "task_overdue_tally_group_idx" ON "task_overdue_tally" ("grp", "area_id", "region_code", "monthly", "day")`);

    // The common change, one task's status or progress and nothing else (recordTaskUpdate), in a few small statements:
    // one row per group moves the counts from the old status to the new one, and when the task becomes or stops being
    // COMPLETED with a due date, its overdue rows move too. Returns false, having written nothing, for any other change
    // (the caller then takes the general route). Measured on the 100,000-task bench data: ~0.25 ms of PostgreSQL per
    // single-task update by the general route.
    await q(`CREATE FUNCTION "task_tally_step"(p_task integer) RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        b task_tally_basis;
        n record;
        late integer;
      BEGIN
        SELECT * INTO b FROM task_tally_basis WHERE task_id = p_task;
        IF NOT FOUND THEN RETURN false; END IF;
        SELECT t.plan_id, t.area_id, t.due_date, t.status, t.progress, t.archived_at IS NULL AND t.parent_id IS NULL AS counted,
          ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code)::varchar[] AS regions
        INTO n FROM task t WHERE t.id = p_task;
        IF NOT FOUND OR NOT n.counted OR (n.plan_id, n.area_id, n.due_date, n.regions) IS DISTINCT FROM (b.plan_id, b.area_id, b.due_date, b.regions) THEN
          RETURN false;
        END IF;
        IF (n.status, n.progress) IS NOT DISTINCT FROM (b.status, b.progress) THEN RETURN true; END IF;
        INSERT INTO task_tally
        SELECT b.plan_id, g.grp, g.area_id, g.region_code, 0,
          (n.status = 'NOT_REPORTED')::int - (b.status = 'NOT_REPORTED')::int, (n.status = 'NOT_STARTED')::int - (b.status = 'NOT_STARTED')::int,
          (n.status = 'IN_PROGRESS')::int - (b.status = 'IN_PROGRESS')::int, (n.status = 'COMPLETED')::int - (b.status = 'COMPLETED')::int,
          (n.status = 'DELAYED')::int - (b.status = 'DELAYED')::int, (n.status = 'SUSPENDED')::int - (b.status = 'SUSPENDED')::int,
          COALESCE(n.progress, 0)::int8 - COALESCE(b.progress, 0), (n.progress IS NOT NULL)::int - (b.progress IS NOT NULL)::int
        FROM (
          SELECT 'P'::"char" AS grp, NULL::integer AS area_id, NULL::varchar AS region_code
          UNION ALL SELECT 'A', b.area_id, NULL
          UNION ALL SELECT 'R', NULL, r FROM unnest(CASE WHEN cardinality(b.regions) = 0 THEN ARRAY[NULL]::varchar[] ELSE b.regions END) r
        ) g;
        late := (b.status = 'COMPLETED')::int - (n.status = 'COMPLETED')::int;
        IF late <> 0 AND b.due_date IS NOT NULL THEN
          INSERT INTO task_overdue_tally
          SELECT b.plan_id, g.grp, g.area_id, g.region_code, m.monthly,
            CASE WHEN m.monthly THEN date_trunc('month', (b.due_date + 1)::timestamp)::date ELSE b.due_date + 1 END, late
          FROM (
            SELECT 'P'::"char" AS grp, NULL::integer AS area_id, NULL::varchar AS region_code
            UNION ALL SELECT 'A', b.area_id, NULL
            UNION ALL SELECT 'R', NULL, r FROM unnest(CASE WHEN cardinality(b.regions) = 0 THEN ARRAY[NULL]::varchar[] ELSE b.regions END) r
          ) g CROSS JOIN (VALUES (false), (true)) m(monthly);
        END IF;
        UPDATE task_tally_basis SET status = n.status, progress = n.progress WHERE task_id = p_task;
        RETURN true;
      END $$`);

    // Brings the counts of tasks $1 up to date: for each task whose counted state differs from its basis, the old state
    // is subtracted and the new one added in each of its groups (netted per group), then the basis is recorded.
    // Set-based (lead regions grouped in one pass, joins rather than a lookup per task), so a bulk statement stays
    // linear; a task whose state has not changed costs one comparison.
    await q(`CREATE FUNCTION "task_tally_sync"(ids integer[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        IF cardinality(ids) = 0 OR (cardinality(ids) = 1 AND task_tally_step(ids[1])) THEN RETURN; END IF;
        WITH regs AS (
          SELECT lr.task_id, array_agg(lr.region_code ORDER BY lr.region_code)::varchar[] AS regions
          FROM task_lead_region lr WHERE lr.task_id = ANY(ids) GROUP BY lr.task_id
        ),
        now_ AS (
          SELECT t.id AS task_id, t.plan_id, t.area_id, COALESCE(r.regions, '{}') AS regions, t.due_date, t.status, t.progress
          FROM task t LEFT JOIN regs r ON r.task_id = t.id
          WHERE t.id = ANY(ids) AND t.archived_at IS NULL AND t.parent_id IS NULL
        ),
        was AS (SELECT b.* FROM task_tally_basis b WHERE b.task_id = ANY(ids)),
        moved AS (
          SELECT COALESCE(n.task_id, w.task_id) AS task_id,
            n.task_id IS NOT NULL AS has_new, n.plan_id AS n_plan, n.area_id AS n_area, n.regions AS n_regions, n.due_date AS n_due,
            n.status AS n_status, n.progress AS n_progress,
            w.task_id IS NOT NULL AS has_old, w.plan_id AS w_plan, w.area_id AS w_area, w.regions AS w_regions, w.due_date AS w_due,
            w.status AS w_status, w.progress AS w_progress
          FROM now_ n FULL JOIN was w ON w.task_id = n.task_id
          WHERE (n.task_id, n.plan_id, n.area_id, n.regions, n.due_date, n.status, n.progress)
            IS DISTINCT FROM (w.task_id, w.plan_id, w.area_id, w.regions, w.due_date, w.status, w.progress)
        ),
        sides AS (
          SELECT -1 AS sgn, m.w_plan AS plan_id, m.w_area AS area_id, m.w_regions AS regions, m.w_due AS due_date, m.w_status AS status,
            m.w_progress AS progress
          FROM moved m WHERE m.has_old
          UNION ALL
          SELECT 1, m.n_plan, m.n_area, m.n_regions, m.n_due, m.n_status, m.n_progress FROM moved m WHERE m.has_new
        ),
        grouped AS (
          SELECT s.sgn, s.plan_id, s.due_date, s.status, s.progress, 'P'::"char" AS grp, NULL::integer AS g_area, NULL::varchar AS g_region FROM sides s
          UNION ALL
          SELECT s.sgn, s.plan_id, s.due_date, s.status, s.progress, 'A', s.area_id, NULL FROM sides s
          UNION ALL
          SELECT s.sgn, s.plan_id, s.due_date, s.status, s.progress, 'R', NULL, r.code
          FROM sides s CROSS JOIN LATERAL unnest(CASE WHEN cardinality(s.regions) = 0 THEN ARRAY[NULL]::varchar[] ELSE s.regions END) r(code)
        ),
        counted AS (
          INSERT INTO task_tally
          SELECT g.plan_id, g.grp, g.g_area, g.g_region, sum(g.sgn),
            sum(CASE WHEN g.status = 'NOT_REPORTED' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'NOT_STARTED' THEN g.sgn ELSE 0 END),
            sum(CASE WHEN g.status = 'IN_PROGRESS' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'COMPLETED' THEN g.sgn ELSE 0 END),
            sum(CASE WHEN g.status = 'DELAYED' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'SUSPENDED' THEN g.sgn ELSE 0 END),
            sum(g.sgn * COALESCE(g.progress, 0)::int8), sum(CASE WHEN g.progress IS NOT NULL THEN g.sgn ELSE 0 END)
          FROM grouped g GROUP BY g.plan_id, g.grp, g.g_area, g.g_region
          HAVING (sum(g.sgn), sum(CASE WHEN g.status = 'NOT_REPORTED' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'NOT_STARTED' THEN g.sgn ELSE 0 END),
            sum(CASE WHEN g.status = 'IN_PROGRESS' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'COMPLETED' THEN g.sgn ELSE 0 END),
            sum(CASE WHEN g.status = 'DELAYED' THEN g.sgn ELSE 0 END), sum(CASE WHEN g.status = 'SUSPENDED' THEN g.sgn ELSE 0 END),
            sum(g.sgn * COALESCE(g.progress, 0)::int8), sum(CASE WHEN g.progress IS NOT NULL THEN g.sgn ELSE 0 END))
            <> (0, 0, 0, 0, 0, 0, 0, 0::int8, 0)
        ),
        late AS (
          SELECT g.plan_id, g.grp, g.g_area, g.g_region, g.due_date + 1 AS day, sum(g.sgn)::int AS overdue
          FROM grouped g WHERE g.status <> 'COMPLETED' AND g.due_date IS NOT NULL
          GROUP BY g.plan_id, g.grp, g.g_area, g.g_region, g.due_date
          HAVING sum(g.sgn) <> 0
        ),
        overdue AS (
          INSERT INTO task_overdue_tally
          SELECT l.plan_id, l.grp, l.g_area, l.g_region, false, l.day, l.overdue FROM late l
          UNION ALL
          SELECT l.plan_id, l.grp, l.g_area, l.g_region, true, date_trunc('month', l.day::timestamp)::date, sum(l.overdue)::int FROM late l
          GROUP BY l.plan_id, l.grp, l.g_area, l.g_region, date_trunc('month', l.day::timestamp)
          HAVING sum(l.overdue) <> 0
        ),
        gone AS (DELETE FROM task_tally_basis b USING moved m WHERE b.task_id = m.task_id AND NOT m.has_new)
        INSERT INTO task_tally_basis
        SELECT m.task_id, m.n_plan, m.n_area, m.n_regions, m.n_due, m.n_status, m.n_progress FROM moved m WHERE m.has_new
        ON CONFLICT (task_id) DO UPDATE SET plan_id = EXCLUDED.plan_id, area_id = EXCLUDED.area_id, regions = EXCLUDED.regions,
          due_date = EXCLUDED.due_date, status = EXCLUDED.status, progress = EXCLUDED.progress;
      END $$`);

    // Folds each group's rows (and each overdue group's rows of one day or month) into one; returns how many rows went.
    // Rows a concurrent writer appends meanwhile are not seen, so not deleted: they stay and still count.
    await q(`CREATE FUNCTION "task_tally_compact"() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE counts integer; overdue integer;
      BEGIN
        WITH dup AS (
          SELECT x.tid FROM (
            SELECT d.ctid AS tid, count(*) OVER (PARTITION BY d.plan_id, d.grp, d.area_id, d.region_code) AS n FROM task_tally d
          ) x WHERE x.n > 1
        ),
        gone AS (DELETE FROM task_tally d WHERE d.ctid = ANY(ARRAY(SELECT tid FROM dup)) RETURNING d.*),
        merged AS (
          INSERT INTO task_tally
          SELECT g.plan_id, g.grp, g.area_id, g.region_code, sum(g.tasks), sum(g.not_reported), sum(g.not_started), sum(g.in_progress),
            sum(g.completed), sum(g.delayed), sum(g.suspended), sum(g.progress_sum), sum(g.progress_n)
          FROM gone g GROUP BY g.plan_id, g.grp, g.area_id, g.region_code
          HAVING (sum(g.tasks), sum(g.not_reported), sum(g.not_started), sum(g.in_progress), sum(g.completed), sum(g.delayed),
            sum(g.suspended), sum(g.progress_sum), sum(g.progress_n)) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone)::int - (SELECT count(*) FROM merged)::int INTO counts;
        WITH dup AS (
          SELECT x.tid FROM (
            SELECT d.ctid AS tid, count(*) OVER (PARTITION BY d.plan_id, d.grp, d.area_id, d.region_code, d.monthly, d.day) AS n
            FROM task_overdue_tally d
          ) x WHERE x.n > 1
        ),
        gone AS (DELETE FROM task_overdue_tally d WHERE d.ctid = ANY(ARRAY(SELECT tid FROM dup)) RETURNING d.*),
        merged AS (
          INSERT INTO task_overdue_tally
          SELECT g.plan_id, g.grp, g.area_id, g.region_code, g.monthly, g.day, sum(g.overdue)
          FROM gone g GROUP BY g.plan_id, g.grp, g.area_id, g.region_code, g.monthly, g.day
          HAVING sum(g.overdue) <> 0
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone)::int - (SELECT count(*) FROM merged)::int INTO overdue;
        RETURN counts + overdue;
      END $$`);

    // Every path that changes a task fires these; statement-level, so a bulk statement syncs its tasks in one pass. A
    // change to lead regions alone first locks its tasks' rows, as every change to the task itself does: two
    // transactions syncing one task then take turns, and the second reads the basis the first committed.
    await q(`CREATE FUNCTION "task_tally_changed_tasks"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM task_tally_sync(ARRAY(SELECT DISTINCT c.id FROM changed c)); RETURN NULL; END $$`);
    await q(`CREATE FUNCTION "task_tally_changed_lead_regions"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids integer[] := ARRAY(SELECT DISTINCT c.task_id FROM changed c ORDER BY 1);
      BEGIN
        PERFORM 1 FROM task t WHERE t.id = ANY(ids) ORDER BY t.id FOR NO KEY UPDATE;
        PERFORM task_tally_sync(ids);
        RETURN NULL;
      END $$`);
    for (const [event, ref] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await q(`CREATE TRIGGER "task_tally_${event.toLowerCase()}" AFTER ${event} ON "task" REFERENCING ${ref} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_changed_tasks"()`);
      await q(`CREATE TRIGGER "task_lead_region_tally_${event.toLowerCase()}" AFTER ${event} ON "task_lead_region" REFERENCING ${ref} TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_changed_lead_regions"()`);
    }
    // A lead region row moved to another task: the task it left changes too.
    await q(`CREATE TRIGGER "task_lead_region_tally_update_old" AFTER UPDATE ON "task_lead_region" REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_changed_lead_regions"()`);

    // Counts for the tasks already there (the same function as every later change), folded.
    await q(`SELECT task_tally_sync(ARRAY(SELECT id FROM task))`);
    await q(`SELECT task_tally_compact()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TRIGGER "task_lead_region_tally_update_old" ON "task_lead_region"`);
    for (const event of ['insert', 'update', 'delete']) {
      await q(`DROP TRIGGER "task_lead_region_tally_${event}" ON "task_lead_region"`);
      await q(`DROP TRIGGER "task_tally_${event}" ON "task"`);
    }
    await q(`DROP FUNCTION "task_tally_changed_lead_regions"()`);
    await q(`DROP FUNCTION "task_tally_changed_tasks"()`);
    await q(`DROP FUNCTION "task_tally_compact"()`);
    await q(`DROP FUNCTION "task_tally_sync"(integer[])`);
    await q(`DROP FUNCTION "task_tally_step"(integer)`);
    await q(`DROP TABLE "task_overdue_tally"`);
    await q(`DROP TABLE "task_tally"`);
    await q(`DROP TABLE "task_tally_basis"`);
  }
}
