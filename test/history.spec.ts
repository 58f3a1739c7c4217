import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { ARCHIVE_TASK, createPlan, createTask, RECORD_UPDATE, taskState, UPDATE_TASK } from './support/admin-fixtures';

const HISTORY = `query($id: ID!, $first: Int, $after: String) { task(id: $id) { version
  history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { version origin statusFrom statusTo progressFrom progressTo note changedFields } } } } }`;

describe('task history', () => {
  let t: TestApp;
  let planCode: string;
  let planId: number;

  beforeAll(async () => {
    t = await bootTestApp();
    ({ code: planCode } = await createPlan(t));
    [{ id: planId }] = await t.ds.query('SELECT id FROM plan WHERE code = $1', [planCode]);
  });
  afterAll(async () => t.close());

  describe('is append-only in the database', () => {
    let updateId: string;
    let readingId: string;

    beforeAll(async () => {
      const task = await createTask(t, planCode, { leadRegions: ['JS'] });
      const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, progress: 10, note: 'original' } });
      expect(res.errors).toBeUndefined();
      [{ id: updateId }] = await t.ds.query('SELECT id FROM task_update WHERE task_id = $1', [dbKey(task.id)]);
      const [indicator] = await t.ds.query("INSERT INTO indicator (code, name, unit, plan_id) VALUES ($1, 'x', 'km', $2) RETURNING id", [
        `ind-${uniq()}`,
        planId,
      ]);
      const reading = await t.gql(`mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { id } }`, {
        input: { indicatorId: nodeId('Indicator', indicator.id), value: 1, qualifier: 'EXACT', asOf: '2024-12-31' },
      });
      readingId = dbKey(reading.data.recordIndicatorReading.id);
    });

    const counts = async () =>
      (await t.ds.query('SELECT (SELECT count(*)::int FROM task_update) AS updates, (SELECT count(*)::int FROM indicator_reading) AS readings'))[0];

    it.each([
      ['UPDATE task_update', () => `UPDATE task_update SET note = 'rewritten' WHERE id = ${updateId}`],
      ['DELETE FROM task_update', () => `DELETE FROM task_update WHERE id = ${updateId}`],
      ['TRUNCATE task_update', () => 'TRUNCATE task_update'],
      ['UPDATE indicator_reading', () => `UPDATE indicator_reading SET value = 2 WHERE id = ${readingId}`],
      ['DELETE FROM indicator_reading', () => `DELETE FROM indicator_reading WHERE id = ${readingId}`],
      ['TRUNCATE indicator_reading', () => 'TRUNCATE indicator_reading'],
    ])("refuses %s through the app's own connection", async (_what, sql) => {
      const before = await counts();
      await expect(t.ds.query(sql())).rejects.toThrow(/append-only/);
      expect(await counts()).toEqual(before);
      const [row] = await t.ds.query('SELECT note FROM task_update WHERE id = $1', [updateId]);
      expect(row.note).toBe('original');
    });

    it('refuses a TRUNCATE that would reach the history through CASCADE', async () => {
      const runner = t.ds.createQueryRunner();
      await runner.startTransaction();
      try {
        await expect(runner.query('TRUNCATE task CASCADE')).rejects.toThrow(/append-only/);
      } finally {
        // Rolled back either way, so a missing trigger could never wipe the shared test database.
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await counts()).updates).toBeGreaterThan(0);
    });
  });

  it('lists every change newest first, one row per version, with pages that chain by cursor', async () => {
    const task = await createTask(t, planCode, { leadRegions: ['ZJ'] });
    const steps = [
      () => t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 20, note: '开工' } }),
      () => t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 2, progress: 60 } }),
      () => t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 3, title: '改名' } }),
      () => t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 4, status: 'COMPLETED' } }),
      () => t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 5 } }),
    ];
    for (const step of steps) expect((await step()).errors).toBeUndefined();

    const first = await t.gql(HISTORY, { id: task.id, first: 3 });
    expect(first.data.task.version).toBe(6);
    expect(first.data.task.history.totalCount).toBe(5);
    expect(first.data.task.history.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql(HISTORY, { id: task.id, first: 3, after: first.data.task.history.pageInfo.endCursor });
    expect(rest.data.task.history.pageInfo.hasNextPage).toBe(false);
    const nodes = [...first.data.task.history.edges, ...rest.data.task.history.edges].map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.version, n.origin, n.statusFrom, n.statusTo, n.progressFrom, n.progressTo, n.changedFields])).toEqual([
      [6, 'ADMIN', 'COMPLETED', 'COMPLETED', 100, 100, ['archivedAt']],
      [5, 'API', 'IN_PROGRESS', 'COMPLETED', 60, 100, ['status', 'progress']],
      [4, 'ADMIN', 'IN_PROGRESS', 'IN_PROGRESS', 60, 60, ['title']],
      [3, 'API', 'IN_PROGRESS', 'IN_PROGRESS', 20, 60, ['progress']],
      [2, 'API', 'NOT_REPORTED', 'IN_PROGRESS', null, 20, ['status', 'progress']],
    ]);
    expect(nodes[4].note).toBe('开工');
  });

  it('keeps "history rows = version - 1, one per version" true for every task in the database', async () => {
    const broken = await t.ds.query(
      `SELECT t.id, t.version, count(u.id)::int AS rows, coalesce(max(u.version), 1) AS newest
       FROM task t LEFT JOIN task_update u ON u.task_id = t.id
       GROUP BY t.id HAVING count(u.id) <> t.version - 1 OR coalesce(max(u.version), 1) <> t.version
         OR count(u.id) > 0 AND min(u.version) <> 2`,
    );
    expect(broken).toEqual([]);
  });

  it('lets 32 editors, each with its own key and region, update 32 different tasks at once', async () => {
    const regions = ['SH', 'JS', 'ZJ', 'AH'];
    const fixtures = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const region = regions[i % 4];
        const task = await createTask(t, planCode, { leadRegions: [region] });
        return { task, token: await t.keyFor('EDITOR', [region]) };
      }),
    );
    const replies = await Promise.all(
      fixtures.map(({ task, token }, i) =>
        t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: i + 1, note: `editor ${i}` } }, token),
      ),
    );
    expect(replies.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    for (const [i, { task }] of fixtures.entries()) {
      expect(await taskState(t, task.id)).toMatchObject({ version: 2, history: 1, progress: i + 1, status: 'IN_PROGRESS' });
    }
  });

  it("lets exactly one of an admin edit and an editor's update on the same version win", async () => {
    const task = await createTask(t, planCode, { leadRegions: ['AH'] });
    const editor = await t.keyFor('EDITOR', ['AH']);
    const [admin, report] = await Promise.all([
      t.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: 1, title: 'admin' } }),
      t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: 1, progress: 50 } }, editor),
    ]);
    const codes = [admin, report].map((r) => r.errors?.[0].extensions.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', 'VERSION_CONFLICT']);
    expect(await taskState(t, task.id)).toMatchObject({ version: 2, history: 1 });
    expectError(
      [admin, report].find((r) => r.errors)!,
      'VERSION_CONFLICT',
    );
  });
});
