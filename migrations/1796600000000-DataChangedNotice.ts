import { MigrationInterface, QueryRunner } from 'typeorm';

// The answer cache (src/answer-cache) must learn of every committed change, on every instance, whoever made it. The
// data-version trigger already runs once in every transaction that writes a data table; it now also sends one NOTIFY
// on `tracker_data_changed` (an empty payload: identical notices of one transaction are sent once). PostgreSQL
// delivers a NOTIFY at commit, never for a rolled-back transaction, so a listener hears exactly the committed writes.
// Task writes and imports already NOTIFY (live updates), so their commits already take the notify queue's lock; the
// writes that did not (areas, plans, evaluations, sources, indicators) are rare and made by administrators.
const CHANNEL = 'tracker_data_changed';
const SLOTS = 32;

const bumpFunction = (notify: boolean) => `CREATE OR REPLACE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
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
        PERFORM set_config('tracker.data_version_bumped', 'on', true);${notify ? `\n        PERFORM pg_notify('${CHANNEL}', '');` : ''}
        RETURN NULL;
      END $$`;

export class DataChangedNotice1796600000000 implements MigrationInterface {
  name = 'DataChangedNotice1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(bumpFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(bumpFunction(false));
  }
}
