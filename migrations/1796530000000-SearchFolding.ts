import { MigrationInterface, QueryRunner } from 'typeorm';
import { taskSearchText } from '../src/tasks/search-folding';

const BATCH = 5000;

// Search for Chinese users (issue 15): `長三角` finds `长三角` and back, `ＹＲＤ` finds `YRD`. The folding (NFKC, lower case,
// traditional → simplified characters from OpenCC's dictionaries) runs in the application, which PostgreSQL cannot
// do, so a task keeps its folded title and English title in `search_text`, written by every statement that writes the
// titles, and the trigram index moves from the lower-cased expression to that column.
//
// The backfill is here, not at start-up: the column is complete (NOT NULL) the moment the schema has it, in the same
// transaction, so no search ever runs against a half-filled column and no start-up carries a pass over every task. It
// folds with the application's own `taskSearchText`, the function every write and every query uses, so stored and
// query text cannot differ; should the folding ever change, a new migration refolds every row the same way.
// NOT NULL without a default: a statement that inserts a task without its folded text fails instead of hiding a task
// from search.
export class SearchFolding1796530000000 implements MigrationInterface {
  name = 'SearchFolding1796530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" ADD "search_text" text`);
    for (let after = 0; ;) {
      const rows: { id: number; title: string; title_en: string | null }[] = await queryRunner.query(
        `SELECT id, title, title_en FROM "task" WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      await queryRunner.query(`UPDATE "task" t SET "search_text" = x.search_text FROM unnest($1::int[], $2::text[]) AS x(id, search_text) WHERE t.id = x.id`, [
        rows.map((r) => r.id),
        rows.map((r) => taskSearchText(r.title, r.title_en)),
      ]);
      after = rows[rows.length - 1].id;
    }
    await queryRunner.query(`ALTER TABLE "task" ALTER COLUMN "search_text" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "task_search_text_trgm_idx" ON "task" USING gin ("search_text" gin_trgm_ops)`);
    // Searches no longer use the lower-cased expression; its index would only cost writes.
    await queryRunner.query(`DROP INDEX "public"."task_search_trgm_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "task_search_trgm_idx" ON "task" USING gin ((lower("title" || E'\\n' || coalesce("title_en", ''))) gin_trgm_ops)`);
    await queryRunner.query(`DROP INDEX "public"."task_search_text_trgm_idx"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "search_text"`);
  }
}
