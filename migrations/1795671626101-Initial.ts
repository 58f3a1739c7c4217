import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795671626101 implements MigrationInterface {
  name = 'Initial1795671626101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "source" ("id" SERIAL NOT NULL, "key" character varying(120), "title" text NOT NULL, "publisher" text, "url" text, "published_on" date, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d73a8a376a5ed224675db7bb2fc" UNIQUE ("key"), CONSTRAINT "PK_018c433f8264b58c86363eaadde" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "plan" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "round" integer NOT NULL, "title" text NOT NULL, "title_en" text, "issuer" text, "period_start" integer NOT NULL, "period_end" integer NOT NULL, "declared_task_count" integer, "issued_on" date, "issued_note" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e405cbb23fb08931a48ad8c2bdb" UNIQUE ("code"), CONSTRAINT "plan_declared_task_count_check" CHECK ("declared_task_count" IS NULL OR "declared_task_count" >= 0), CONSTRAINT "plan_period_check" CHECK ("period_end" >= "period_start"), CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "area" ("id" SERIAL NOT NULL, "plan_id" integer NOT NULL, "ordinal" integer NOT NULL, "code" character varying(64) NOT NULL, "name" text NOT NULL, "name_en" text, "declared_task_count" integer, "note" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "area_plan_ordinal_key" UNIQUE ("plan_id", "ordinal"), CONSTRAINT "area_plan_code_key" UNIQUE ("plan_id", "code"), CONSTRAINT "area_declared_task_count_check" CHECK ("declared_task_count" IS NULL OR "declared_task_count" >= 0), CONSTRAINT "PK_39d5e4de490139d6535d75f42ff" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "area_plan_id_idx" ON "area"  ("plan_id") `);
    await queryRunner.query(`CREATE TYPE "public"."role" AS ENUM('ADMIN', 'EDITOR', 'ANALYST', 'DASHBOARD')`);
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL, "name" text NOT NULL, "role" "public"."role" NOT NULL, "regions" text array NOT NULL DEFAULT '{}', "token_hash" character(64) NOT NULL, "token_prefix" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_7d28e2674770b92f03a8fcb3380" UNIQUE ("token_hash"), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR')`);
    await queryRunner.query(`CREATE TYPE "public"."figure_qualifier" AS ENUM('EXACT', 'AT_LEAST', 'OVER', 'ABOUT', 'AT_MOST')`);
    await queryRunner.query(
      `CREATE TABLE "evaluation" ("id" SERIAL NOT NULL, "plan_id" integer NOT NULL, "evaluated_on" date NOT NULL, "evaluated_on_precision" "public"."date_precision" NOT NULL DEFAULT 'DAY', "task_count" integer, "completion_value" numeric(7,6), "completion_qualifier" "public"."figure_qualifier", "note" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "evaluation_completion_range_check" CHECK ("completion_value" IS NULL OR ("completion_value" >= 0 AND "completion_value" <= 1)), CONSTRAINT "evaluation_completion_check" CHECK (("completion_value" IS NULL) = ("completion_qualifier" IS NULL)), CONSTRAINT "PK_b72edd439b9db736f55b584fa54" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "evaluation_plan_id_idx" ON "evaluation"  ("plan_id") `);
    await queryRunner.query(
      `CREATE TABLE "region" ("code" character varying(8) NOT NULL, "ordinal" integer NOT NULL, "name" text NOT NULL, "name_en" text NOT NULL, "abbreviation" character varying(8) NOT NULL, CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."area_basis" AS ENUM('STATED', 'BRIEFING_ORDER', 'NOT_STATED')`);
    await queryRunner.query(`CREATE TYPE "public"."task_status" AS ENUM('NOT_REPORTED', 'NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'SUSPENDED')`);
    await queryRunner.query(
      `CREATE TABLE "task" ("id" SERIAL NOT NULL, "plan_id" integer NOT NULL, "area_id" integer, "area_basis" "public"."area_basis", "parent_id" integer, "code" character varying(64) NOT NULL, "title" text NOT NULL, "title_en" text, "description" text, "status" "public"."task_status" NOT NULL DEFAULT 'NOT_REPORTED', "progress" smallint, "lead_agencies" text array NOT NULL DEFAULT '{}', "start_date" date, "due_date" date, "version" integer NOT NULL DEFAULT '1', "archived_at" TIMESTAMP WITH TIME ZONE, "source_id" integer, "source_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "task_plan_code_key" UNIQUE ("plan_id", "code"), CONSTRAINT "task_version_check" CHECK ("version" >= 1), CONSTRAINT "task_completed_progress_check" CHECK ("status" <> 'COMPLETED' OR "progress" = 100), CONSTRAINT "task_progress_check" CHECK ("progress" IS NULL OR ("progress" >= 0 AND "progress" <= 100)), CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "task_area_id_idx" ON "task"  ("area_id") `);
    await queryRunner.query(`CREATE INDEX "task_parent_id_idx" ON "task"  ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "task_due_date_idx" ON "task"  ("due_date") `);
    await queryRunner.query(`CREATE INDEX "task_plan_area_status_idx" ON "task"  ("plan_id", "area_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "indicator" ("id" SERIAL NOT NULL, "code" character varying(64) NOT NULL, "name" text NOT NULL, "name_en" text, "unit" text NOT NULL, "plan_id" integer, "task_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_843bf8c0de69be8ea15fdc25fb7" UNIQUE ("code"), CONSTRAINT "PK_4693fe4c2cb912a71e05c589e7e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "indicator_plan_id_idx" ON "indicator"  ("plan_id") `);
    await queryRunner.query(`CREATE INDEX "indicator_task_id_idx" ON "indicator"  ("task_id") `);
    await queryRunner.query(`CREATE TYPE "public"."reading_kind" AS ENUM('ACTUAL', 'TARGET', 'BASELINE')`);
    await queryRunner.query(
      `CREATE TABLE "indicator_reading" ("id" BIGSERIAL NOT NULL, "indicator_id" integer NOT NULL, "kind" "public"."reading_kind" NOT NULL DEFAULT 'ACTUAL', "value" numeric(20,4) NOT NULL, "qualifier" "public"."figure_qualifier" NOT NULL DEFAULT 'EXACT', "as_of" date NOT NULL, "as_of_precision" "public"."date_precision" NOT NULL DEFAULT 'DAY', "note" text, "source_id" integer, "recorded_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9ce886ac5311fae84275d2add3c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "indicator_reading_indicator_as_of_idx" ON "indicator_reading"  ("indicator_id", "kind", "as_of") `);
    await queryRunner.query(
      `CREATE TABLE "task_update" ("id" BIGSERIAL NOT NULL, "task_id" integer NOT NULL, "version" integer NOT NULL, "actor_key_id" uuid, "actor_name" text NOT NULL, "origin" character varying(16) NOT NULL DEFAULT 'API', "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "occurred_on" date, "status_from" "public"."task_status", "status_to" "public"."task_status", "progress_from" smallint, "progress_to" smallint, "note" text, "evidence_url" text, "changes" jsonb, CONSTRAINT "task_update_task_version_key" UNIQUE ("task_id", "version"), CONSTRAINT "PK_3cc696967da74a4065f3b574638" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "task_update_recorded_at_idx" ON "task_update"  ("recorded_at") `);
    await queryRunner.query(
      `CREATE TABLE "task_lead_region" ("task_id" integer NOT NULL, "region_code" character varying(8) NOT NULL, CONSTRAINT "PK_7819dfbce00899c48c46761cd3b" PRIMARY KEY ("task_id", "region_code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6d37085f6027da262b1007916d" ON "task_lead_region"  ("task_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_429a19594531aafcf75a354237" ON "task_lead_region"  ("region_code") `);
    await queryRunner.query(
      `ALTER TABLE "plan" ADD CONSTRAINT "FK_f9e041736424d896d244829723b" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "area" ADD CONSTRAINT "FK_1c28fb2ba4736c4d0d62d4dc8f1" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "area" ADD CONSTRAINT "FK_87cc9eccbc86becf39296e0ef87" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation" ADD CONSTRAINT "FK_5237585e541d1013179671a0dc5" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evaluation" ADD CONSTRAINT "FK_5c6dd1bc1e8ee916754837a6d65" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_861fe9e94ad32e4f9b010e2cf48" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_3671884b69d173ee76627420eeb" FOREIGN KEY ("area_id") REFERENCES "area"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_5b12d07794e1d6428696b35fd7e" FOREIGN KEY ("parent_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_0269ef0996da7f64d3e5a32873b" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "FK_c6aebfbf9a9e023b77a2e4fe1ee" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "FK_bd409acfe408cbf472a230731c9" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_reading" ADD CONSTRAINT "FK_d96f9ff947ac635f51424c953e2" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_reading" ADD CONSTRAINT "FK_49a67e0baf86dce2d391b11012e" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_update" ADD CONSTRAINT "FK_0ae2c96e493cbff69c4eb6fd23a" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_lead_region" ADD CONSTRAINT "task_lead_region_task_fk" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_lead_region" ADD CONSTRAINT "task_lead_region_region_fk" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE CASCADE ON UPDATE CASCADE`,
    );

    // Reference data the RegionCode enum of the API depends on.
    await queryRunner.query(
      `INSERT INTO "region" ("code", "ordinal", "name", "name_en", "abbreviation") VALUES ('SH', 1, '上海市', 'Shanghai', '沪'), ('JS', 2, '江苏省', 'Jiangsu', '苏'), ('ZJ', 3, '浙江省', 'Zhejiang', '浙'), ('AH', 4, '安徽省', 'Anhui', '皖')`,
    );
    // History is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
    await queryRunner.query(
      `CREATE FUNCTION "reject_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`,
    );
    for (const table of ['task_update', 'indicator_reading']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "reject_history_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "reject_history_change"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['task_update', 'indicator_reading']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "reject_history_change"()`);
    await queryRunner.query(`ALTER TABLE "task_lead_region" DROP CONSTRAINT "task_lead_region_region_fk"`);
    await queryRunner.query(`ALTER TABLE "task_lead_region" DROP CONSTRAINT "task_lead_region_task_fk"`);
    await queryRunner.query(`ALTER TABLE "task_update" DROP CONSTRAINT "FK_0ae2c96e493cbff69c4eb6fd23a"`);
    await queryRunner.query(`ALTER TABLE "indicator_reading" DROP CONSTRAINT "FK_49a67e0baf86dce2d391b11012e"`);
    await queryRunner.query(`ALTER TABLE "indicator_reading" DROP CONSTRAINT "FK_d96f9ff947ac635f51424c953e2"`);
    await queryRunner.query(`ALTER TABLE "indicator" DROP CONSTRAINT "FK_bd409acfe408cbf472a230731c9"`);
    await queryRunner.query(`ALTER TABLE "indicator" DROP CONSTRAINT "FK_c6aebfbf9a9e023b77a2e4fe1ee"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_0269ef0996da7f64d3e5a32873b"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_5b12d07794e1d6428696b35fd7e"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_3671884b69d173ee76627420eeb"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_861fe9e94ad32e4f9b010e2cf48"`);
    await queryRunner.query(`ALTER TABLE "evaluation" DROP CONSTRAINT "FK_5c6dd1bc1e8ee916754837a6d65"`);
    await queryRunner.query(`ALTER TABLE "evaluation" DROP CONSTRAINT "FK_5237585e541d1013179671a0dc5"`);
    await queryRunner.query(`ALTER TABLE "area" DROP CONSTRAINT "FK_87cc9eccbc86becf39296e0ef87"`);
    await queryRunner.query(`ALTER TABLE "area" DROP CONSTRAINT "FK_1c28fb2ba4736c4d0d62d4dc8f1"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP CONSTRAINT "FK_f9e041736424d896d244829723b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_429a19594531aafcf75a354237"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d37085f6027da262b1007916d"`);
    await queryRunner.query(`DROP TABLE "task_lead_region"`);
    await queryRunner.query(`DROP INDEX "public"."task_update_recorded_at_idx"`);
    await queryRunner.query(`DROP TABLE "task_update"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_reading_indicator_as_of_idx"`);
    await queryRunner.query(`DROP TABLE "indicator_reading"`);
    await queryRunner.query(`DROP TYPE "public"."reading_kind"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_task_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_plan_id_idx"`);
    await queryRunner.query(`DROP TABLE "indicator"`);
    await queryRunner.query(`DROP INDEX "public"."task_plan_area_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_due_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_parent_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_area_id_idx"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`DROP TYPE "public"."task_status"`);
    await queryRunner.query(`DROP TYPE "public"."area_basis"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP INDEX "public"."evaluation_plan_id_idx"`);
    await queryRunner.query(`DROP TABLE "evaluation"`);
    await queryRunner.query(`DROP TYPE "public"."figure_qualifier"`);
    await queryRunner.query(`DROP TYPE "public"."date_precision"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
    await queryRunner.query(`DROP INDEX "public"."area_plan_id_idx"`);
    await queryRunner.query(`DROP TABLE "area"`);
    await queryRunner.query(`DROP TABLE "plan"`);
    await queryRunner.query(`DROP TABLE "source"`);
  }
}
