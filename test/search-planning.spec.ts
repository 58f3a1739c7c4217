import { CountingLogger } from '../src/database/counting.logger';
import { preparedName } from '../src/common/sql/prepared';
import { BACKGROUND_SQL } from '../src/common/sql/background';
import { bootTestApp, TestApp } from './support/test-app';

// A prepared statement switches to a generic plan after five runs; for a search that plan cannot see how selective
// the pattern is and scans every task (77 ms instead of 17 ms by the trigram index at 100,000 tasks), so how fast a
// search was depended on each connection's history. Search statements are therefore never prepared (planned each
// time with their pattern); the other task statements still are.
describe('search statements are planned with their pattern', () => {
  let t: TestApp;
  let spy: jest.SpyInstance;

  /**
   * The statements sent while running fn, API-key lookups and the answer cache's background check left out (that
   * check runs on a timer and once landed inside a request's window, failing CI on the server database).
   */
  async function sent(fn: () => Promise<unknown>): Promise<string[]> {
    spy.mockClear();
    await fn();
    return spy.mock.calls.map((c) => String(c[0])).filter((q) => !/\bapi_key\b/.test(q) && !q.trimStart().startsWith(BACKGROUND_SQL));
  }

  beforeAll(async () => {
    // The answer cache's background check every 100 ms (the least allowed), so it runs inside the windows below.
    t = await bootTestApp({ ANSWER_CACHE_CHECK_MS: '100' });
    spy = jest.spyOn(CountingLogger.prototype, 'logQuery');
    await t.gql('{ regions { code } }');
  });
  afterAll(async () => {
    spy.mockRestore();
    await t.close();
  });

  it('leaves out the background check that runs meanwhile', async () => {
    const checks = () => spy.mock.calls.filter((c) => String(c[0]).startsWith(BACKGROUND_SQL)).length;
    // Waits for two checks rather than a fixed time: on a loaded CI machine one check took most of a 350 ms window.
    const quiet = await sent(async () => {
      const deadline = Date.now() + 20_000;
      while (checks() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(checks()).toBeGreaterThanOrEqual(2);
    expect(quiet).toEqual([]);
  });

  it.each([
    ['a page and its total', 'totalCount edges { node { code } }'],
    ['a page alone', 'edges { node { code } }'],
  ])('does not prepare a search for %s, and prepares the same list without a search', async (_what, fields) => {
    const search = await sent(() => t.gql(`{ tasks(first: 5, filter: { search: "长三角" }) { ${fields} } }`));
    expect(search).toHaveLength(1);
    expect(search[0]).toMatch(/LIKE/);
    expect(search.map((q) => preparedName(q))).toEqual([undefined]);
    const plain = await sent(() => t.gql(`{ tasks(first: 5, filter: { status: [NOT_REPORTED] }) { ${fields} } }`));
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((q) => preparedName(q) !== undefined)).toBe(true);
  });

  it('sends a traditional or full-width search folded, and the trigram index on the folded text can serve it', async () => {
    spy.mockClear();
    // Archived tasks and sub-tasks included: no partial index then covers the rest of the filter, which on this small
    // table would be bitmap-scanned instead of the trigram index.
    const res = await t.gql(`{ tasks(first: 5, filter: { search: "　長三角ＹＲＤ　", includeArchived: true, includeSubtasks: true }) {
      totalCount edges { node { code } } } }`);
    expect(res.errors).toBeUndefined();
    const [statement, params] = spy.mock.calls.map((c) => [String(c[0]), c[1] as unknown[]] as const).find(([q]) => /LIKE/.test(q))!;
    expect(params).toContain('%长三角yrd%');
    // With every scan but a bitmap scan priced out, the statement can only be served by an index that answers its LIKE.
    const plan = await t.ds.transaction(async (m) => {
      for (const setting of ['enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan']) await m.query(`SET LOCAL ${setting} = off`);
      return (await m.query(`EXPLAIN ${statement}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on task_search_text_trgm_idx[^\n]*\n\s+Index Cond: \(search_text ~~ '%长三角yrd%'::text\)/);
  });

  it("does not prepare a search of an area's tasks either", async () => {
    const search = await sent(() => t.gql(`{ plans { areas { tasks(first: 1, filter: { search: "长三角" }) { totalCount } } } }`));
    const batch = search.filter((q) => /unnest/.test(q));
    expect(batch).toHaveLength(1);
    expect(preparedName(batch[0])).toBeUndefined();
  });
});
