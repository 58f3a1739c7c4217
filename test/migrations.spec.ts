import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { taskWhere } from '../src/tasks/tasks.sql';
import { MIGRATIONS } from '../migrations';
import { SearchFolding1796530000000 } from '../migrations/1796530000000-SearchFolding';
import { taskSearchText } from '../src/tasks/search-folding';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

// Every migration down and up again on a FRESH database: a new database on the server when the suite runs there,
// else a separate in-memory PGlite (the shared test database must keep its schema and data).

const POOL = { poolSize: 2, statementTimeoutMs: 60000, connectTimeoutMs: 10000 };
const MIGRATIONS_TABLE = 'typeorm_migrations';
const MIGRATION_NAMES = MIGRATIONS.map((M) => new (M as new () => { name: string })().name);

async function schemaObjects(ds: DataSource) {
  const tables: { name: string }[] = await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  const types: { name: string }[] = await ds.query(
    `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid) ORDER BY 1`,
  );
  const functions: { name: string }[] = await ds.query(
    `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`,
  );
  const sequences: { name: string }[] = await ds.query(
    `SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`,
  );
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);
  return { tables: names(tables), types: names(types), functions: names(functions), sequences: names(sequences) };
}

describe('migrations on a fresh database', () => {
  let url: string;
  let cleanup: () => Promise<void>;
  let ds: DataSource;

  beforeAll(async () => {
    // CountingLogger reports each migration through Nest's logger; keep the test output to failures.
    Logger.overrideLogger(['error', 'warn']);
    if (process.env.TEST_DB_KIND === 'server') {
      const name = `apt_migrations_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(process.env.DATABASE_URL as string);
      u.pathname = `/${name}`;
      url = u.toString();
      cleanup = async () => {
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    } else {
      const embedded = await startEmbeddedPostgres('memory://');
      url = embedded.url;
      cleanup = embedded.stop;
    }
    ds = new DataSource(dataSourceOptions(url, POOL));
    await ds.initialize();
  }, 120000);

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await cleanup?.();
  });

  it('starts from an empty schema', async () => {
    expect(await schemaObjects(ds)).toEqual({ tables: [], types: [], functions: [], sequences: [] });
  });

  it('runs every migration up and creates the tables', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    const { tables, types, functions } = await schemaObjects(ds);
    expect(tables).toEqual(
      expect.arrayContaining([
        'api_key',
        'area',
        'evaluation',
        'indicator',
        'indicator_reading',
        'plan',
        'region',
        'source',
        'task',
        'task_lead_region',
        'task_update',
        MIGRATIONS_TABLE,
      ]),
    );
    expect(types).toEqual(expect.arrayContaining(['task_status', 'figure_qualifier', 'area_basis', 'role']));
    expect(functions).toContain('reject_history_change');
    expect(await ds.query('SELECT code FROM region ORDER BY ordinal')).toEqual([{ code: 'SH' }, { code: 'JS' }, { code: 'ZJ' }, { code: 'AH' }]);
    expect(await ds.showMigrations()).toBe(false);
  });

  it("creates the trigram index search uses, and the planner uses it for the product's own search filter", async () => {
    const indexes: { indexname: string; indexdef: string }[] = await ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'task' AND indexname IN ('task_search_trgm_idx', 'task_search_text_trgm_idx', 'task_key_area_status_idx') ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual(['task_key_area_status_idx', 'task_search_text_trgm_idx']);
    expect(indexes[1].indexdef).toContain('gin_trgm_ops');
    // With sequential scans priced out, the search filter can only be served by the trigram index, and only if the
    // query's expression is the index's expression.
    const params: unknown[] = [];
    const where = taskWhere({ search: '長三角 Ｒａｉｌｗａｙ', includeArchived: true, includeSubtasks: true }, params);
    expect(params).toEqual(['%长三角 railway%']);
    const plan = await ds.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return (await m.query(`EXPLAIN SELECT id FROM task t WHERE ${where}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('task_search_text_trgm_idx');
  });

  it('folds the titles of the tasks already there when the search column comes, and puts the old index back on the way down', async () => {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const migration = new SearchFolding1796530000000();
      await migration.down(runner);
      expect(await runner.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'task' AND indexname LIKE 'task_search%'`)).toEqual([
        { indexname: 'task_search_trgm_idx' },
      ]);
      const [{ id: planId }] = await runner.query(
        `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ('fold', 1, 'P', 2024, 2026) RETURNING id`,
      );
      const titles: [string, string | null][] = [
        ['長三角一體化', 'ＹＲＤ Integration'],
        ['长三角', null],
        ['Ｇ６０科創走廊', 'G60'],
      ];
      await runner.query(
        `INSERT INTO task (plan_id, code, title, title_en) SELECT $1, 'F' || n, title, title_en FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(title, title_en, n)`,
        [planId, titles.map((x) => x[0]), titles.map((x) => x[1])],
      );
      await migration.up(runner);
      const rows = await runner.query(`SELECT search_text FROM task WHERE plan_id = $1 ORDER BY code`, [planId]);
      expect(rows.map((r: { search_text: string }) => r.search_text)).toEqual(['长三角一体化\nyrd integration', '长三角\n', 'g60科创走廊\ng60']);
      expect(rows.map((r: { search_text: string }) => r.search_text)).toEqual(titles.map(([title, en]) => taskSearchText(title, en)));
      const [column] = await runner.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'task' AND column_name = 'search_text'`);
      expect(column.is_nullable).toBe('NO');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('has entities in step with the migrations (no schema change pending)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration down, leaving no table, type, function or sequence of ours', async () => {
    let reverted = 0;
    for (;;) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${MIGRATIONS_TABLE}`);
      if (n === 0) break;
      await ds.undoLastMigration({ transaction: 'each' });
      reverted += 1;
      expect(reverted).toBeLessThanOrEqual(MIGRATIONS.length);
    }
    expect(reverted).toBe(MIGRATIONS.length);
    // Only TypeORM's own bookkeeping table (and its id sequence) may stay.
    expect(await schemaObjects(ds)).toEqual({ tables: [MIGRATIONS_TABLE], types: [], functions: [], sequences: [`${MIGRATIONS_TABLE}_id_seq`] });
  });

  it('runs every migration up again, and the schema works', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    await ds.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ('p', 1, 'P', 2024, 2026)`);
    expect(await ds.query(`SELECT code FROM plan`)).toEqual([{ code: 'p' }]);
  });
});
