import { MigrationInterface, QueryRunner } from 'typeorm';

// The data version behind the GraphQL ETags (src/http-cache): the sum of `data_version.version` grows by at least one
// with every committed transaction that writes the catalogue or its history, and never otherwise moves. A statement
// trigger on every data table bumps it inside the writing transaction, so a rolled-back write bumps nothing and no
// write path (API, import, seed, CLI, SQL by hand) can forget to.
//
// Why slots and not one row: the bump holds a row lock until the transaction ends, and one row would make every
// write wait for every other (an import holds its transaction for seconds). A transaction takes the first of 32
// slots no one else holds (SKIP LOCKED: it never waits); past 32 concurrent writers it falls back to a row keyed by
// its backend's pid, which no other live transaction can hold. It bumps once per transaction (a local setting).
// api_key is left out on purpose: `lastUsedAt` moves on every use, and answers that read keys are never tagged.
const TABLES = ['source', 'plan', 'area', 'evaluation', 'region', 'task', 'task_lead_region', 'task_update', 'indicator', 'indicator_reading'];
const SLOTS = 32;

export class DataVersion1796520000000 implements MigrationInterface {
  name = 'DataVersion1796520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_version" ("slot" integer NOT NULL, "version" bigint NOT NULL DEFAULT 0, CONSTRAINT "PK_data_version" PRIMARY KEY ("slot"))`,
    );
    await queryRunner.query(`INSERT INTO "data_version" ("slot") SELECT generate_series(1, ${SLOTS})`);
    await queryRunner.query(`CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE picked integer;
      BEGIN
        IF current_setting('tracker.data_version_bumped', true) = 'on' THEN RETURN NULL; END IF;
        SELECT slot INTO picked FROM data_version WHERE slot BETWEEN 1 AND ${SLOTS} ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF picked IS NULL THEN
          INSERT INTO data_version (slot, version) VALUES (-pg_backend_pid(), 1)
            ON CONFLICT (slot) DO UPDATE SET version = data_version.version + 1;
        ELSE
          UPDATE data_version SET version = version + 1 WHERE slot = picked;
        END IF;
        PERFORM set_config('tracker.data_version_bumped', 'on', true);
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"()`,
      );
    }
    // Start from the clock (ms), not 0: after a down and up again (writes untracked meanwhile), the sum must not come
    // back to a value an ETag was made from before.
    await queryRunner.query(`UPDATE "data_version" SET "version" = floor(extract(epoch FROM clock_timestamp()) * 1000) WHERE "slot" = 1`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.query(`DROP TRIGGER "${table}_data_version" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "bump_data_version"()`);
    await queryRunner.query(`DROP TABLE "data_version"`);
  }
}
