import { ARCHIVE_TASK, RECORD_UPDATE, UPDATE_TASK } from './support/admin-fixtures';
import { bootTestApp, expectError, nodeId, TestApp, uniq } from './support/test-app';

// Incremental pulls: tasks(filter: { changedSince }) lists the tasks changed after an instant, whichever way they
// changed (an update, an admin edit, archiving), so a dashboard re-reads only those.

const PULL = `query($p: String!, $since: DateTime, $archived: Boolean) {
  tasks(planCode: $p, filter: { changedSince: $since, includeArchived: $archived }, orderBy: UPDATED_AT_ASC, first: 100) {
    edges { node { code version updatedAt archivedAt } } } }`;

describe('tasks(filter: { changedSince }) (through /graphql)', () => {
  let t: TestApp;
  let planCode: string;
  const ids: Record<string, number> = {};
  let since: string;

  beforeAll(async () => {
    t = await bootTestApp();
    planCode = `fx-changed-${uniq()}`;
    const [{ id: planId }] = await t.ds.query(
      `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 917, '增量测试', 2024, 2026) RETURNING id`,
      [planCode],
    );
    for (const code of ['K1', 'K2', 'K3', 'K4']) {
      [{ id: ids[code] }] = await t.ds.query(
        `INSERT INTO task (plan_id, code, title, created_at, updated_at, search_text) VALUES ($1, $2, '任务', '2024-01-01Z', '2024-01-01Z', E'任务\\n') RETURNING id`,
        [planId, code],
      );
    }
    [{ since }] = await t.ds.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since`);
    const ok = (res: { errors?: unknown }) => expect(res.errors).toBeUndefined();
    ok(await t.gql(RECORD_UPDATE, { input: { taskId: nodeId('Task', ids.K3), expectedVersion: 1, status: 'IN_PROGRESS', progress: 10 } }));
    ok(await t.gql(UPDATE_TASK, { input: { id: nodeId('Task', ids.K1), expectedVersion: 1, title: '新标题' } }));
    ok(await t.gql(ARCHIVE_TASK, { input: { id: nodeId('Task', ids.K4), expectedVersion: 1 } }));
  });
  afterAll(async () => t.close());

  const pull = async (sinceValue: string | null, archived = false) => {
    const res = await t.gql(PULL, { p: planCode, since: sinceValue, archived });
    expect(res.errors).toBeUndefined();
    return res.data.tasks.edges.map((e: any) => e.node);
  };

  it('lists only the tasks changed after the instant, in the order they changed, each with its new version', async () => {
    expect((await pull(since)).map((n: any) => [n.code, n.version])).toEqual([
      ['K3', 2],
      ['K1', 2],
    ]);
  });

  it('includes archived tasks when asked, so a client learns of an archiving', async () => {
    const changed = await pull(since, true);
    expect(changed.map((n: any) => n.code)).toEqual(['K3', 'K1', 'K4']);
    expect(changed[2].archivedAt).not.toBeNull();
  });

  it('gives every task for an instant before them all and none for one after the last change', async () => {
    expect((await pull('2023-12-31T23:59:59Z', true)).map((n: any) => n.code)).toEqual(['K2', 'K3', 'K1', 'K4']);
    const last = (await pull(since, true)).at(-1).updatedAt;
    expect(await pull(last, true)).toEqual([]);
  });

  it('costs one statement, as any page without totalCount', async () => {
    // A document not sent before (a comment makes it new): the answer cache holds no reply for it.
    expect(await t.countStatements(() => t.gql(`${PULL}\n# ${Math.random()}`, { p: planCode, since, archived: true }))).toBe(1);
  });

  it('refuses an instant that is not an ISO date-time with a coded error', async () => {
    for (const bad of ['yesterday', '2024-13-01T00:00:00Z']) expectError(await t.gql(PULL, { p: planCode, since: bad }), 'BAD_USER_INPUT');
  });
});
