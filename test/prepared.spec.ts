import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { GuardedClient, PreparingClient } from '../src/database/data-source-options';
import { prepared, preparedName } from '../src/database/prepared';
import { bootTestApp, uniq } from './support/test-app';

describe('prepared statements for hot queries', () => {
  let client: PreparingClient;
  const namesOnConnection = async (c: Client) =>
    (await c.query('SELECT name, statement FROM pg_prepared_statements')).rows as { name: string; statement: string }[];

  beforeAll(async () => {
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
