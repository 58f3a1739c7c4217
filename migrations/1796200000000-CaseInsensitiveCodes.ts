import { MigrationInterface, QueryRunner } from 'typeorm';

// Codes are unique whatever their case: a plan code among plans, an area or task code within its plan
// (`R3-A1-01` and `r3-a1-01` are one code). Unique indexes on lower(code) replace the unique constraints; TypeORM
// cannot describe an expression index, so the entities list them with `synchronize: false`. Tasks keep a plain
// (plan_id, code) index for pages ordered by code, which the unique constraint's index used to serve.
const KEYS = [
  { table: 'plan', constraint: 'UQ_e405cbb23fb08931a48ad8c2bdb', columns: ['code'], index: 'plan_code_lower_key', scope: [] as string[] },
  { table: 'area', constraint: 'area_plan_code_key', columns: ['plan_id', 'code'], index: 'area_plan_code_lower_key', scope: ['plan_id'] },
  { table: 'task', constraint: 'task_plan_code_key', columns: ['plan_id', 'code'], index: 'task_plan_code_lower_key', scope: ['plan_id'] },
];

export class CaseInsensitiveCodes1796200000000 implements MigrationInterface {
  name = 'CaseInsensitiveCodes1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Say which codes clash rather than fail on the first with a bare unique violation: someone has to rename them.
    for (const k of KEYS) {
      const by = [...k.scope.map((c) => `"${c}"`), 'lower("code")'].join(', ');
      const clashes: { codes: string }[] = await queryRunner.query(
        `SELECT string_agg("code", ' = ' ORDER BY "code") AS codes FROM "${k.table}" GROUP BY ${by} HAVING count(*) > 1 LIMIT 20`,
      );
      if (clashes.length) {
        throw new Error(`${k.table} codes that differ only in case must be renamed first: ${clashes.map((c) => c.codes).join('; ')}`);
      }
    }
    for (const k of KEYS) {
      await queryRunner.query(`ALTER TABLE "${k.table}" DROP CONSTRAINT "${k.constraint}"`);
      await queryRunner.query(`CREATE UNIQUE INDEX "${k.index}" ON "${k.table}" (${[...k.scope.map((c) => `"${c}"`), 'lower("code")'].join(', ')})`);
    }
    await queryRunner.query(`CREATE INDEX "task_plan_code_idx" ON "task" ("plan_id", "code")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_plan_code_idx"`);
    for (const k of [...KEYS].reverse()) {
      await queryRunner.query(`DROP INDEX "public"."${k.index}"`);
      await queryRunner.query(`ALTER TABLE "${k.table}" ADD CONSTRAINT "${k.constraint}" UNIQUE (${k.columns.map((c) => `"${c}"`).join(', ')})`);
    }
  }
}
