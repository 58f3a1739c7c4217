import { MigrationInterface, QueryRunner } from 'typeorm';

// The sentence a record rests on: each sourced record keeps the shortest verbatim quote of its source that makes
// the claim, so an analyst can check a figure without leaving the tracker (issue 10).
const TABLES = ['plan', 'area', 'task', 'evaluation', 'indicator_reading'];

export class SourceQuotes1796300000000 implements MigrationInterface {
  name = 'SourceQuotes1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE "${table}" ADD "source_quote" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "source_quote"`);
  }
}
