import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootTestApp, TestApp } from './support/test-app';

// The embedded database with no DATABASE_URL: seeded on first start, kept on disk in DATA_DIR, not seeded twice.
// Runs whatever the suite's database is, since it is about the embedded mode itself (two cold PGlite starts).

describe('embedded PostgreSQL in DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'apt-embedded-'));
  // An empty DATABASE_URL counts as unset, so the app starts its own PGlite in DATA_DIR.
  const env = { DATABASE_URL: '', DATA_DIR: dataDir };
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  let token: string;
  let planCount: number;
  let removed: { code: string; plan_id: number };

  afterAll(async () => {
    await first?.close();
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds an empty data directory on first start', async () => {
    first = await bootTestApp(env);
    expect(first.database.embedded).toBe(true);
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
    const res = await first.gql('{ plans { code } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.plans.map((p: any) => p.code)).toEqual(['yrd-2018-2020', 'yrd-2021-2023', 'yrd-2024-2026']);
    planCount = res.data.plans.length;
    token = await first.keyFor('ANALYST');
    // Data entered (here: removed) after the first start; a second seeding would put the task back.
    [removed] = await first.ds.query(
      `WITH gone AS (DELETE FROM task WHERE id = (SELECT min(t.id) FROM task t WHERE NOT EXISTS (SELECT 1 FROM indicator i WHERE i.task_id = t.id)
         AND NOT EXISTS (SELECT 1 FROM task s WHERE s.parent_id = t.id)) RETURNING code, plan_id) SELECT * FROM gone`,
    );
    expect(removed.code).toEqual(expect.any(String));
    expect((await first.gql('{ regions { code } }', undefined, token)).errors).toBeUndefined();
    await first.close();
    first = undefined;
  }, 120000);

  it('keeps API keys and data across a restart on the same directory, and does not seed again', async () => {
    second = await bootTestApp(env);
    const res = await second.gql('{ plans { code catalogedTaskCount } }', undefined, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.plans).toHaveLength(planCount);
    expect(planCount).toBe(3);
    const [{ n }] = await second.ds.query(`SELECT count(*)::int AS n FROM plan WHERE code = 'yrd-2024-2026'`);
    expect(n).toBe(1);
    expect(await second.ds.query('SELECT id FROM task WHERE plan_id = $1 AND code = $2', [removed.plan_id, removed.code])).toEqual([]);
    const [{ keys }] = await second.ds.query(`SELECT count(*)::int AS keys FROM api_key WHERE name LIKE 'test-analyst-%'`);
    expect(keys).toBe(1);
    const [{ runs }] = await second.ds.query('SELECT count(*)::int AS runs FROM typeorm_migrations');
    expect(runs).toBeGreaterThan(0);
  }, 120000);
});
