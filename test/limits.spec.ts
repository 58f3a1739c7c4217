import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import { LIMITS } from '../src/common/graphql-limits';
import { ADMIN_TOKEN, bootTestApp, expectError, TestApp } from './support/test-app';

/** `{ plan(code) { areas { … } } }` nested to exactly `depth` fields, ending in a scalar. */
function queryOfDepth(depth: number): string {
  // plan(1) areas(2) tasks(3) edges(4) node(5) history(6) edges(7) node(8) <scalar>(9); deeper goes through parent.
  const chain = ['plan(code: "yrd-2024-2026")', 'areas', 'tasks(first: 1)', 'edges', 'node'];
  while (chain.length < depth - 1) chain.push('parent');
  const fields = chain.slice(0, depth - 1);
  return `{ ${fields.map((f) => `${f} {`).join(' ')} code ${'}'.repeat(fields.length)} }`;
}

function tokenCount(doc: string): number {
  const lexer = new Lexer(new Source(doc));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n += 1;
  return n;
}

/** The deepest query a dashboard sends (documented in graphql-limits.ts): a task's history notes under its plan. */
const DEEPEST_DASHBOARD = `{ plan(code: "yrd-2024-2026") { areas { tasks(first: 2) { edges { node { history(first: 3) { edges { node { note } } } } } } } } }`;

const TASK_PAGE = `query($after: String) { tasks(first: 100, after: $after, planCode: "yrd-2024-2026") {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id code title titleEn status progress dueDate overdue version updatedAt
    area { id code name } leadRegions { code name abbreviation }
    latestUpdate { version statusFrom statusTo progressFrom progressTo recordedAt author } } } } }`;
const PLANS_WITH_AREAS = `{ plans { id code round title periodStart periodEnd declaredTaskCount catalogedTaskCount
  source { title url }
  areas { id code ordinal name nameEn declaredTaskCount taskCount }
  evaluations { id evaluatedOn evaluatedOnPrecision taskCount completion { value qualifier } source { title url } } } }`;
const INDICATORS = `{ plans { code indicators { id code name unit
  baseline { value qualifier asOf } target { value qualifier asOf } latestReading { value qualifier asOf }
  readings { id kind value qualifier asOf asOfPrecision note source { title } } } } }`;

describe('operation limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
    await t.gql('{ regions { code } }'); // warms the API-key cache, so counted statements are the query's own
  });
  afterAll(async () => t.close());

  describe('depth', () => {
    it(`runs a query exactly at the depth limit (${LIMITS.depth})`, async () => {
      const res = await t.gql(queryOfDepth(LIMITS.depth));
      expect(res.errors).toBeUndefined();
      expect(res.data.plan.areas.length).toBeGreaterThan(0);
    });

    it('refuses a query one level deeper than the limit with QUERY_TOO_COMPLEX, before any SQL', async () => {
      let res: Awaited<ReturnType<TestApp['gql']>> | undefined;
      const statements = await t.countStatements(async () => (res = await t.gql(queryOfDepth(LIMITS.depth + 1))));
      expectError(res!, 'QUERY_TOO_COMPLEX');
      expect(res!.errors![0].message).toMatch(/depth/i);
      expect(statements).toBe(0);
    });

    it('runs the deepest dashboard query (task history notes under a plan)', async () => {
      const res = await t.gql(DEEPEST_DASHBOARD);
      expect(res.errors).toBeUndefined();
      expect(Array.isArray(res.data.plan.areas)).toBe(true);
    });

    it('counts a fragment spread as deep as the fields it brings in', async () => {
      const res = await t.gql(`query { ...Q } fragment Q on Query { ${queryOfDepth(LIMITS.depth + 1).slice(1, -1)} }`);
      expectError(res, 'QUERY_TOO_COMPLEX');
    });

    it('refuses the over-deep query when a fragment is named __schema (GHSA-hmfr-rx46-4jx2)', async () => {
      const inner = queryOfDepth(LIMITS.depth + 1).slice(1, -1);
      const res = await t.gql(`query { ...__schema } fragment __schema on Query { ${inner} }`);
      expect(res.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_COMPLEX');
      expect(res.data ?? null).toBeNull();
    });

    it('refuses the over-deep query when the operation is named __schema', async () => {
      const res = await t.gql(`query __schema ${queryOfDepth(LIMITS.depth + 1)}`);
      expect(res.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_COMPLEX');
      expect(res.data ?? null).toBeNull();
    });

    it('refuses the over-deep query hidden under an alias named __schema', async () => {
      const inner = queryOfDepth(LIMITS.depth + 1)
        .slice(1, -1)
        .replace(/^ *plan/, '__schema: plan');
      const res = await t.gql(`{ ${inner} }`);
      expectError(res, 'QUERY_TOO_COMPLEX');
    });
  });

  describe('aliases and directives', () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions { code }`).join(' ')} }`;

    it(`runs ${LIMITS.aliases} aliases`, async () => {
      const res = await t.gql(aliased(LIMITS.aliases));
      expect(res.errors).toBeUndefined();
      expect(Object.keys(res.data)).toHaveLength(LIMITS.aliases);
    });

    it(`refuses ${LIMITS.aliases + 1} aliases with QUERY_TOO_COMPLEX, before any SQL`, async () => {
      let res: Awaited<ReturnType<TestApp['gql']>> | undefined;
      const statements = await t.countStatements(async () => (res = await t.gql(aliased(LIMITS.aliases + 1))));
      expectError(res!, 'QUERY_TOO_COMPLEX');
      expect(statements).toBe(0);
    });

    it(`runs ${LIMITS.directives} directives and refuses ${LIMITS.directives + 1}`, async () => {
      // One directive a field (a non-repeatable directive may appear once a location).
      const directed = (n: number) => `{ regions { ${'code @include(if: true) '.repeat(n)} } }`;
      const ok = await t.gql(directed(LIMITS.directives));
      expect(ok.errors).toBeUndefined();
      expect(ok.data.regions).toHaveLength(4);
      expectError(await t.gql(directed(LIMITS.directives + 1)), 'QUERY_TOO_COMPLEX');
    });
  });

  describe('tokens', () => {
    it(`refuses a document of more than ${LIMITS.tokens} tokens with QUERY_TOO_COMPLEX`, async () => {
      // `code` repeated: valid GraphQL (merged fields), so only the token limit can refuse it.
      const res = await t.gql(`{ regions { ${'code '.repeat(LIMITS.tokens)} } }`);
      expectError(res, 'QUERY_TOO_COMPLEX');
      expect(res.errors![0].message).toMatch(/token/i);
    });

    it('counts tokens in a document that does not parse, too', async () => {
      const res = await t.gql(`{ regions { ${'code '.repeat(LIMITS.tokens)} `);
      expectError(res, 'QUERY_TOO_COMPLEX');
    });

    it('runs a legitimate document just under the token limit', async () => {
      // 15 aliased task lookups selecting most fields: a big but honest dashboard document.
      const one = (i: number) => `t${i}: taskByCode(planCode: "yrd-2024-2026", code: "R3-A1-0${(i % 3) + 1}") {
        id code title titleEn description status progress startDate dueDate overdue version createdAt updatedAt archivedAt
        sourceNote areaBasis leadAgencies area { id code name nameEn ordinal declaredTaskCount note }
        plan { id code round title periodStart periodEnd } leadRegions { code name nameEn abbreviation ordinal }
        latestUpdate { id version origin author note statusFrom statusTo progressFrom progressTo occurredOn recordedAt changedFields }
        source { title url publisher publishedOn note } parent { id code } subtasks { id code title }
        history(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { version note statusTo } } } }`;
      const doc = `{ ${Array.from({ length: LIMITS.aliases }, (_, i) => one(i)).join('\n')} }`;
      const tokens = tokenCount(doc);
      expect(tokens).toBeGreaterThan(LIMITS.tokens * 0.8);
      expect(tokens).toBeLessThanOrEqual(LIMITS.tokens);
      const res = await t.gql(doc);
      expect(res.errors).toBeUndefined();
      expect(Object.keys(res.data)).toHaveLength(LIMITS.aliases);
      expect(res.data.t0.code).toBe('R3-A1-01');
    });
  });

  describe('cost', () => {
    it('refuses plans { areas { tasks(first: 100) … } } with QUERY_TOO_COMPLEX before any SQL runs', async () => {
      let res: Awaited<ReturnType<TestApp['gql']>> | undefined;
      const statements = await t.countStatements(async () => (res = await t.gql('{ plans { areas { tasks(first: 100) { edges { node { code } } } } } }')));
      expectError(res!, 'QUERY_TOO_COMPLEX');
      expect(res!.errors![0].message).toMatch(/cost/i);
      expect(statements).toBe(0);
    });

    it('counts a page size passed as a variable', async () => {
      const q = 'query($n: Int!) { plans { areas { tasks(first: $n) { edges { node { code } } } } } }';
      expectError(await t.gql(q, { n: 100 }), 'QUERY_TOO_COMPLEX');
      const small = await t.gql(q, { n: 2 });
      expect(small.errors).toBeUndefined();
    });

    it('refuses an over-cost operation whose document also holds an operation with a missing variable', async () => {
      const heavy = 'plans { areas { tasks(first: 100) { edges { node { history(first: 100) { edges { node { version } } } } } } } }';
      const doc = `query A { ${heavy} } query B($x: Int!) { tasks(first: $x) { totalCount } }`;
      for (const body of [{ query: doc, operationName: 'A' }, { query: doc }]) {
        let res: Awaited<ReturnType<TestApp['gql']>> | undefined;
        const statements = await t.countStatements(async () => {
          const reply = await t.app
            .getHttpAdapter()
            .getInstance()
            .inject({
              method: 'POST',
              url: '/graphql',
              payload: body,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
            });
          res = { ...JSON.parse(reply.body), raw: reply.body, status: reply.statusCode };
        });
        expectError(res!, 'QUERY_TOO_COMPLEX');
        expect(statements).toBe(0);
      }
      // The light operation of the same document still runs when named.
      const light = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/graphql',
          payload: { query: doc, operationName: 'B', variables: { x: 1 } },
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        });
      expect(JSON.parse(light.body).errors).toBeUndefined();
    });

    it('keeps refusing a repeated over-cost document, whatever was allowed before (checks are remembered per variables)', async () => {
      const q = 'query($n: Int!) { plans { areas { tasks(first: $n) { edges { node { code } } } } } }';
      const replies = [];
      for (const n of [2, 100, 2, 100, 100]) replies.push(await t.gql(q, { n }));
      expect(replies.map((r) => r.errors?.[0]?.extensions.code ?? 'ok')).toEqual(['ok', 'QUERY_TOO_COMPLEX', 'ok', 'QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX']);
      const big = `{ regions { ${'code '.repeat(LIMITS.tokens)} } }`;
      expect([(await t.gql(big)).errors?.[0]?.extensions.code, (await t.gql(big)).errors?.[0]?.extensions.code]).toEqual([
        'QUERY_TOO_COMPLEX',
        'QUERY_TOO_COMPLEX',
      ]);
    });

    it('refuses cost hidden in repeated fragments of nested history pages', async () => {
      const res = await t.gql(`{ tasks(first: 100) { edges { node { history(first: 100) { edges { node { note } } } } } } }`);
      expectError(res, 'QUERY_TOO_COMPLEX');
    });

    it('charges every counted connection, even with first: 0 (fifteen counts per area are refused before any SQL)', async () => {
      const counted = Array.from({ length: 15 }, (_, i) => `c${i}: tasks(first: 0, filter: { dueAfter: "20${10 + i}-01-01" }) { totalCount }`);
      let res: Awaited<ReturnType<TestApp['gql']>> | undefined;
      const statements = await t.countStatements(async () => (res = await t.gql(`{ plans { areas { ${counted.join(' ')} } } }`)));
      expectError(res!, 'QUERY_TOO_COMPLEX');
      expect(statements).toBe(0);
      // One such count per area is cheap (one statement for all areas, see dataloader.spec.ts) and runs.
      const one = await t.gql('{ plans { areas { tasks(first: 0) { totalCount } } } }');
      expect(one.errors).toBeUndefined();
      expect(one.data.plans.some((p: any) => p.areas.some((a: any) => a.tasks.totalCount > 0))).toBe(true);
    });

    it('runs a 100-task dashboard page with area, lead regions and latest update', async () => {
      const res = await t.gql(TASK_PAGE);
      expect(res.errors).toBeUndefined();
      expect(res.data.tasks.edges.length).toBeGreaterThan(0);
    });

    it('runs plans with their areas and evaluations', async () => {
      const res = await t.gql(PLANS_WITH_AREAS);
      expect(res.errors).toBeUndefined();
      expect(res.data.plans.length).toBeGreaterThanOrEqual(3);
    });

    it('runs plans with their indicators and readings', async () => {
      const res = await t.gql(INDICATORS);
      expect(res.errors).toBeUndefined();
      expect(res.data.plans.some((p: { indicators: unknown[] }) => p.indicators.length > 0)).toBe(true);
    });

    it('runs the progress dashboard (by area, by region, round comparison) in one request', async () => {
      const res = await t.gql(`{ progressByArea(planCode: "yrd-2024-2026") { area { code name } taskCount completed completionRate averageProgress overdue }
        progressByRegion(planCode: "yrd-2024-2026") { region { code name } taskCount completionRate }
        roundComparison { plan { code } catalogedTaskCount computedCompletionRate reportedCompletion { value qualifier } } }`);
      expect(res.errors).toBeUndefined();
    });

    it("runs GraphiQL's full introspection query where introspection is on (development and test)", async () => {
      const res = await t.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
      expect(res.errors).toBeUndefined();
      expect(res.data.__schema.queryType.name).toBe('Query');
    });
  });
});
