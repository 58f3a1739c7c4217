import { MigrationInterface, QueryRunner } from 'typeorm';

// The two syncs the task triggers call (progress_sync, ProgressOverTime; task_tally_sync, TaskTally) ran one generic
// plan per session, made for "some array of ids" with the statistics of the moment it was first planned. A plan made
// while the tables were small (a fresh database, the first chunk of a bulk load, the seed) could keep looking tasks up
// by walking a whole partial index, and stayed: loading 200,000 tasks in chunks of 20,000 in one transaction, each
// chunk's tally sync took longer than the one before (2.5 s for the first, 4.9 s by the fifth) and the load took 189 s;
// 56 s with the tally triggers disabled (bench data, 200,100 tasks; BENCHMARKS.md, "Bulk writes and the syncs' plans").
//
// Each sync is now planned for the ids it is given (force_custom_plan: ~2 ms of planning per call, against seconds),
// without JIT: a plan for 20,000 ids is estimated costly enough for the server to compile it, which took ~1.6 s per
// call, more than running it (PGlite has no JIT). The same load: 61 s. The common single-task change (recordTaskUpdate's
// status or progress) does not reach the sync: the statement triggers try the short route (progress_step,
// task_tally_step; generic plans of primary-key lookups) first, and call the sync only when it declines.
export class SyncCustomPlans1796800000000 implements MigrationInterface {
  name = 'SyncCustomPlans1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    for (const sync of ['progress_sync', 'task_tally_sync']) {
      await q(`ALTER FUNCTION "${sync}"(integer[]) SET plan_cache_mode = force_custom_plan`);
      await q(`ALTER FUNCTION "${sync}"(integer[]) SET jit = off`);
    }
    for (const [trigger, step, sync] of [
      ['progress_sync_changed_tasks', 'progress_step', 'progress_sync'],
      ['task_tally_changed_tasks', 'task_tally_step', 'task_tally_sync'],
    ]) {
      await q(`CREATE OR REPLACE FUNCTION "${trigger}"() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE ids integer[] := ARRAY(SELECT DISTINCT c.id FROM changed c);
        BEGIN
          IF cardinality(ids) = 1 AND "${step}"(ids[1]) THEN RETURN NULL; END IF;
          PERFORM "${sync}"(ids);
          RETURN NULL;
        END $$`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    for (const [trigger, sync] of [
      ['progress_sync_changed_tasks', 'progress_sync'],
      ['task_tally_changed_tasks', 'task_tally_sync'],
    ]) {
      await q(`CREATE OR REPLACE FUNCTION "${trigger}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ${sync}(ARRAY(SELECT DISTINCT c.id FROM changed c)); RETURN NULL; END $$`);
      await q(`ALTER FUNCTION "${sync}"(integer[]) RESET jit`);
      await q(`ALTER FUNCTION "${sync}"(integer[]) SET plan_cache_mode = force_generic_plan`);
    }
  }
}
