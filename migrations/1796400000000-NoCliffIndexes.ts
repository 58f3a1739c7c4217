import { MigrationInterface, QueryRunner } from 'typeorm';

// Partial indexes over key tasks (not archived, no parent: the default filter of every list and aggregate), so each
// query shape walks an index in its own order instead of sorting or counting the whole table (issue "No cliffs").
// - (code, id): task lists across plans in their default order (first page, overdue, lead region, deep keyset pages)
//   stop after a page instead of sorting every task: 119 → 0.3 ms for a first page at 200,000 tasks.
// - (area_id, code, id): Area.tasks pages, one index walk per area in the batched statement.
// - (plan_id, status) INCLUDE (id, due_date, progress): counts per plan (totalCount, catalogedTaskCount), the round
//   comparison and progress by region, answered by index-only scans of one plan's entries.
export class NoCliffIndexes1796400000000 implements MigrationInterface {
  name = 'NoCliffIndexes1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "task_key_code_idx" ON "task" ("code", "id") WHERE "archived_at" IS NULL AND "parent_id" IS NULL`);
    await queryRunner.query(`CREATE INDEX "task_key_area_code_idx" ON "task" ("area_id", "code", "id") WHERE "archived_at" IS NULL AND "parent_id" IS NULL`);
    await queryRunner.query(
      `CREATE INDEX "task_key_plan_status_idx" ON "task" ("plan_id", "status") INCLUDE ("id", "due_date", "progress")
       WHERE "archived_at" IS NULL AND "parent_id" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_key_plan_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_key_area_code_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_key_code_idx"`);
  }
}
