import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { GuardedClient, PreparingClient } from '../src/database/data-source-options';
import { prepared, preparedName } from '../src/common/sql/prepared';
import { TaskOrder } from '../src/tasks/dto/task-filter.input';
import { taskPageSql } from '../src/tasks/tasks.sql';
import { bootTestApp, uniq } from './support/test-app';

describe('prepared statements for hot queries', () => {
  let client: PreparingClient;
  const namesOnConnection = async (c: Client) =>
    (await c.query('SELECT name, statement FROM pg_prepared_statements')).rows as { name: string; statement: string }[];

  beforeAll(async () => {
    // Booting the app once runs the migrations: the task table exists from here on.
    await (await bootTestApp()).close();
    client = new PreparingClient({ connectionString: process.env.DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('prepares a registered text once per connection under its name, and answers the same', async () => {
    const tag = uniq();
    const sql = prepared(`SELECT $1::int + 1 AS n, '${tag}' AS tag`);
    const name = preparedName(sql)!;
    expect(name).toMatch(/^apt_[0-9a-f]{20}$/);
    expect((await client.query(sql, [1])).rows).toEqual([{ n: 2, tag }]);
    expect((await client.query(sql, [41])).rows).toEqual([{ n: 42, tag }]);
    const mine = (await namesOnConnection(client)).filter((s) => s.name === name);
    expect(mine).toHaveLength(1);
    expect(mine[0].statement).toContain(tag);
  });

  it('sends texts that were never registered as unnamed statements', async () => {
    const tag = uniq();
    expect((await client.query(`SELECT $1::text AS tag`, [tag])).rows).toEqual([{ tag }]);
    expect((await namesOnConnection(client)).some((s) => s.statement.includes('$1::text AS tag'))).toBe(false);
  });

  it('keeps answering the task page after a migration adds a task column (named columns, not *)', async () => {
    const page = taskPageSql({ includeArchived: true }, TaskOrder.CODE_ASC, null, 3, { latestUpdate: true, indicators: true });
    const pageSql = prepared(page.sql);
    // The failure the named columns avoid: a prepared `SELECT *` breaks once its table gains a column.
    const star = prepared(`SELECT * FROM task WHERE id > $1 LIMIT 1 /* ${uniq()} */`);
    await client.query(pageSql, page.params);
    await client.query(star, [0]);
    const column = `added_${uniq().replace(/\W/g, '')}`;
    await client.query(`ALTER TABLE task ADD COLUMN ${column} int`);
    try {
      const after = await client.query(pageSql, page.params);
      expect(Array.isArray(after.rows)).toBe(true);
      await expect(client.query(star, [0])).rejects.toMatchObject({ code: '0A000' });
    } finally {
      await client.query(`ALTER TABLE task DROP COLUMN ${column}`);
    }
  });

  it('is used by the app on a PostgreSQL server, and not on the shared PGlite test database', async () => {
    const t = await bootTestApp();
    try {
      const pool = (t.app.get(DataSource).driver as unknown as { master: { options: { Client: unknown } } }).master;
      expect(pool.options.Client).toBe(process.env.TEST_DB_KIND === 'pglite' ? GuardedClient : PreparingClient);
      // Either way the hot query answers.
      const res = await t.gql('{ plans { code } }');
      expect(res.errors).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
