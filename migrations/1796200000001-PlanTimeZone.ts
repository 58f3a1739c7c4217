import { MigrationInterface, QueryRunner } from 'typeorm';

// Each plan keeps its own day: "today" for its rules (occurredOn not in the future, overdue) is the date in its time
// zone. Plans that exist keep UTC, the rule they had, except the seed's Yangtze River Delta plans, which run on
// Shanghai's clock. New plans get DEFAULT_TIME_ZONE from the service; the column default only fills rows written
// without one.
const SEED_PLANS = ['yrd-2018-2020', 'yrd-2021-2023', 'yrd-2024-2026'];

export class PlanTimeZone1796200000001 implements MigrationInterface {
  name = 'PlanTimeZone1796200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'UTC'`);
    await queryRunner.query(`UPDATE "plan" SET "time_zone" = 'Asia/Shanghai' WHERE "code" = ANY($1)`, [SEED_PLANS]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan" DROP COLUMN "time_zone"`);
  }
}
