import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';

const RECORD = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { id version status progress
  latestUpdate { version statusFrom statusTo progressFrom progressTo note author origin }
  history(first: 10) { totalCount edges { node { version note } } } } }`;

describe('recordTaskUpdate', () => {
  let t: TestApp;
  let planId: number;
  const code = `upd-${uniq()}`;

  async function newTask(regions: string[] = ['JS']): Promise<{ id: string; version: number }> {
    const [row] = await t.ds.query(
      `INSERT INTO task (plan_id, code, title, search_text) VALUES ($1, $2, 'fixture task', E'fixture task\\n') RETURNING id, version`,
      [planId, `T-${uniq()}`],
    );
    for (const r of regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [row.id, r]);
    return { id: nodeId('Task', row.id), version: row.version };
  }

  beforeAll(async () => {
    // 200 concurrent updates queue for the pool (one connection on the shared PGlite), and a wait for a connection
    // longer than DB_CONNECT_TIMEOUT_MS is refused with SERVICE_UNAVAILABLE: on a loaded machine (load average 11)
    // the last ones waited longer than the default 3 s. This spec is about version conflicts, not about shedding load,
    // so the queue may wait as long as it needs.
    t = await bootTestApp({ DB_CONNECT_TIMEOUT_MS: '60000' });
    [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, 'fixture plan', 2024, 2026) RETURNING id`,
      [code],
    );
  });
  afterAll(async () => t.close());

  it('bumps the version and appends exactly one history row', async () => {
    const task = await newTask();
    const res = await t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 40, note: '开工' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordTaskUpdate).toMatchObject({
      version: 2,
      status: 'IN_PROGRESS',
      progress: 40,
      latestUpdate: { version: 2, statusFrom: 'NOT_REPORTED', statusTo: 'IN_PROGRESS', progressFrom: null, progressTo: 40, note: '开工', origin: 'API' },
      history: { totalCount: 1 },
    });
  });

  it('rejects an update whose expectedVersion is stale, with both versions, and changes nothing', async () => {
    const task = await newTask();
    await t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, progress: 10 } });
    const res = await t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, progress: 20 } });
    expectError(res, 'VERSION_CONFLICT');
    expect(res.errors![0].extensions).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    const [row] = await t.ds.query('SELECT version, progress, (SELECT count(*)::int FROM task_update WHERE task_id = $1) AS n FROM task WHERE id = $1', [
      dbKey(task.id),
    ]);
    expect(row).toEqual({ version: 2, progress: 10, n: 1 });
  });

  it('lets exactly one of 200 concurrent updates with the same expectedVersion win', async () => {
    const task = await newTask();
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, progress: i % 100, note: `n${i}` } })),
    );
    const ok = replies.filter((r) => !r.errors);
    const codes = replies.filter((r) => r.errors).map((r) => r.errors![0].extensions.code);
    // One assertion, so that a failure shows every code the refused updates got.
    expect({ won: ok.length, refused: codes.length, codes: [...new Set(codes)] }).toEqual({ won: 1, refused: 199, codes: ['VERSION_CONFLICT'] });
    const [row] = await t.ds.query('SELECT version, (SELECT count(*)::int FROM task_update WHERE task_id = $1) AS n FROM task WHERE id = $1', [dbKey(task.id)]);
    expect(row).toEqual({ version: 2, n: 1 });
  });
});
