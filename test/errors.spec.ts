import { ErrorCode } from '../src/common/errors/error-code.enum';
import { bootTestApp, expectError, GqlReply, TestApp, uniq } from './support/test-app';

const CODES = new Set<string>(Object.values(ErrorCode));

describe('coded errors (through /graphql)', () => {
  let t: TestApp;
  const replies: GqlReply[] = [];

  /** t.gql, remembering the reply so the last test can check every error seen in this file. */
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const res = await t.gql(query, variables, token);
    replies.push(res);
    return res;
  };

  /** A POST to /graphql with any headers and a raw body. */
  const post = async (payload: string, headers: Record<string, string> = {}) => {
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
    const body = res.body ? JSON.parse(res.body) : {};
    const reply: GqlReply = { status: res.statusCode, data: body.data, errors: body.errors, raw: res.body, headers: res.headers };
    replies.push(reply);
    return reply;
  };

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  describe('a request that is wrong is BAD_USER_INPUT', () => {
    it('an unknown field, with status 400 and nothing run', async () => {
      const res = await gql('{ plans { code noSuchField } }');
      expectError(res, 'BAD_USER_INPUT');
      expect(res.status).toBe(400);
      expect(res.errors![0].message).toMatch(/noSuchField/);
    });

    it('a malformed document, with status 400', async () => {
      const res = await gql('{ plans { code ');
      expectError(res, 'BAD_USER_INPUT');
      expect(res.status).toBe(400);
    });

    it('a body with no query at all, or one that is not JSON', async () => {
      for (const res of [await post('{}'), await post('{"query": ')]) {
        expect(res.status).toBe(400);
        expect(res.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
        expect(res.raw).not.toMatch(/\bat \S+ \(|node_modules/);
      }
    });

    it.each([
      ['a LocalDate literal that is no date', '{ tasks(filter: { dueBefore: "2024-02-30" }) { totalCount } }'],
      ['a LocalDate literal in another format', '{ tasks(filter: { dueBefore: "30/01/2024" }) { totalCount } }'],
      ['a LocalDate literal that is a number', '{ tasks(filter: { dueAfter: 20240101 }) { totalCount } }'],
      ['an enum value that does not exist', '{ tasks(filter: { status: [FINISHED] }) { totalCount } }'],
      ['an argument that does not exist', '{ tasks(pageSize: 5) { totalCount } }'],
      ['a missing required argument', '{ progressByArea { taskCount } }'],
      ['an id that cannot be one', '{ task(id: "abc") { id } }'],
      ['a page size over 100', '{ tasks(first: 101) { totalCount } }'],
      ['a negative page size', '{ tasks(first: -5) { totalCount } }'],
      ['a cursor that is not one', '{ tasks(after: "garbage!") { totalCount } }'],
      ['a search over 200 characters', `{ tasks(filter: { search: "${'x'.repeat(201)}" }) { totalCount } }`],
    ])('%s', async (_what, query) => {
      const res = await gql(query);
      expectError(res, 'BAD_USER_INPUT');
    });

    it.each([
      ['not a date', 'yesterday'],
      ['an impossible date', '2023-02-29'],
      ['a timestamp', '2024-01-01T00:00:00Z'],
      ['a number', 20240101],
    ])('a LocalDate variable that is %s', async (_what, value) => {
      const res = await gql('query($d: LocalDate) { tasks(filter: { dueBefore: $d }) { totalCount } }', { d: value });
      expectError(res, 'BAD_USER_INPUT');
      expect(res.status).toBe(400);
    });

    it('a variable of the wrong type or a missing required variable', async () => {
      expectError(await gql('query($n: Int) { tasks(first: $n) { totalCount } }', { n: 'ten' }), 'BAD_USER_INPUT');
      expectError(await gql('query($p: String!) { progressByArea(planCode: $p) { taskCount } }', {}), 'BAD_USER_INPUT');
      expectError(await gql('query($f: TaskFilter) { tasks(filter: $f) { totalCount } }', { f: { status: ['DONE'] } }), 'BAD_USER_INPUT');
    });

    it('accepts a valid LocalDate, so the rejections above are about the value', async () => {
      const res = await gql('query($d: LocalDate) { tasks(filter: { dueBefore: $d }, first: 0) { totalCount } }', { d: '2024-02-29' });
      expect(res.errors).toBeUndefined();
      expect(typeof res.data.tasks.totalCount).toBe('number');
    });
  });

  describe('NOT_FOUND for a plan that does not exist', () => {
    it.each([
      ['tasks', '{ tasks(planCode: "PLAN") { totalCount } }'],
      ['progressByArea', '{ progressByArea(planCode: "PLAN") { taskCount } }'],
      ['progressByRegion', '{ progressByRegion(planCode: "PLAN") { taskCount } }'],
    ])('in %s', async (_field, query) => {
      const res = await gql(query.replace('PLAN', `no-such-plan-${uniq()}`));
      expectError(res, 'NOT_FOUND');
      expect(res.status).toBe(200);
      expect(res.errors![0].message).toMatch(/no-such-plan/);
    });

    it('while plan(code) and taskByCode answer null', async () => {
      const res = await gql('{ plan(code: "no-such-plan") { code } taskByCode(planCode: "no-such-plan", code: "x") { id } }');
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ plan: null, taskByCode: null });
    });
  });

  describe('authentication', () => {
    it('refuses an anonymous caller as UNAUTHENTICATED', async () => {
      expectError(await gql('{ plans { code } }', undefined, null), 'UNAUTHENTICATED');
      expectError(await gql('{ progressByArea(planCode: "yrd-2024-2026") { taskCount } }', undefined, null), 'UNAUTHENTICATED');
    });

    it('refuses an unknown token as UNAUTHENTICATED', async () => {
      expectError(await gql('{ plans { code } }', undefined, `apt_${'x'.repeat(43)}`), 'UNAUTHENTICATED');
    });

    it('refuses a malformed Authorization header as UNAUTHENTICATED', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer short']) {
        expectError(await post(JSON.stringify({ query: '{ plans { code } }' }), { authorization }), 'UNAUTHENTICATED');
      }
    });

    it('lets a revoked key in no more', async () => {
      const res = await gql(`mutation { createApiKey(input: { name: "to-revoke-${uniq()}", role: ANALYST }) { token apiKey { id } } }`);
      const { token, apiKey } = res.data.createApiKey;
      expect((await gql('{ regions { code } }', undefined, token)).errors).toBeUndefined();
      expect((await gql(`mutation { revokeApiKey(id: "${apiKey.id}") { revokedAt } }`)).errors).toBeUndefined();
      // The key cache holds a principal for up to 1 s; revoking on this instance clears it.
      expectError(await gql('{ regions { code } }', undefined, token), 'UNAUTHENTICATED');
    });

    it('lets a DASHBOARD key read but not manage keys (FORBIDDEN)', async () => {
      const token = await t.keyFor('DASHBOARD');
      expect((await gql('{ plans { code } }', undefined, token)).errors).toBeUndefined();
      expectError(await gql('{ apiKeys { id } }', undefined, token), 'FORBIDDEN');
    });
  });

  describe('with ANONYMOUS_READ on', () => {
    let open: TestApp;
    beforeAll(async () => {
      open = await bootTestApp({ ANONYMOUS_READ: 'true' });
    });
    afterAll(async () => open.close());

    it('lets an anonymous caller read plans and progress', async () => {
      const res = await open.gql('{ plans { code } progressByArea(planCode: "yrd-2024-2026") { taskCount } }', undefined, null);
      replies.push(res);
      expect(res.errors).toBeUndefined();
      expect(res.data.plans.map((p: any) => p.code)).toEqual(expect.arrayContaining(['yrd-2018-2020', 'yrd-2021-2023', 'yrd-2024-2026']));
    });

    it('still refuses an anonymous caller what only ADMIN may do, and a wrong token', async () => {
      const admin = await open.gql('{ apiKeys { id } }', undefined, null);
      replies.push(admin);
      expectError(admin, 'FORBIDDEN');
      const wrong = await open.gql('{ plans { code } }', undefined, `apt_${'y'.repeat(43)}`);
      replies.push(wrong);
      expectError(wrong, 'UNAUTHENTICATED');
    });
  });

  it('gives every error a code from the one enum, and never a stack trace or SQL', () => {
    const errors = replies.flatMap((r) => r.errors ?? []);
    expect(errors.length).toBeGreaterThan(30);
    for (const e of errors) {
      expect(CODES.has(e.extensions.code)).toBe(true);
      expect(e.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(Object.keys(e.extensions)).not.toContain('stacktrace');
    }
    for (const r of replies) expect(r.raw).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+|SELECT |INSERT |UPDATE "|QueryFailedError|relation "/);
  });
});
