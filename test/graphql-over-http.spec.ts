import { serverAudits } from 'graphql-http';
import { ADMIN_TOKEN, bootTestApp, listenForClients, TestApp } from './support/test-app';

/**
 * The GraphQL-over-HTTP conformance suite (graphql-http's audits) against the app listening on a port. Every MUST
 * passes, and every SHOULD but those listed here, each with its reason.
 */
const SHOULDS_NOT_MET: Record<string, string> = {
  // With application/json a request that never ran (parse, validation, variable coercion) stays a 400, as it was:
  // clients that send only application/json and read the status (curl scripts, monitors) keep working. Clients that
  // want the spec's statuses send Accept: application/graphql-response+json (Apollo Client 4 and urql do).
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
};

describe('GraphQL over HTTP (graphql-http audits against a listening app)', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await bootTestApp();
    url = await listenForClients(t);
  });
  afterAll(async () => t.close());

  const withKey: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${ADMIN_TOKEN}` } });

  it('passes every MUST and every SHOULD but the documented ones', async () => {
    const results = await Promise.all(serverAudits({ url, fetchFn: withKey }).map((a) => a.fn()));
    const failed = results.filter((r) => r.status !== 'ok');
    const describe = (r: (typeof failed)[number]) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`;
    expect(failed.filter((r) => r.name.startsWith('MUST')).map(describe)).toEqual([]);
    expect(failed.filter((r) => r.name.startsWith('SHOULD')).map((r) => `${r.id} ${r.name}`)).toEqual(
      Object.entries(SHOULDS_NOT_MET).map(([id, name]) => `${id} ${name}`),
    );
    // The MAYs this API takes up (400 for a body of the wrong shape, GET) pass as well.
    expect(failed.filter((r) => r.name.startsWith('MAY')).map(describe)).toEqual([]);
    expect(results.length).toBeGreaterThan(60);
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body: JSON.stringify(body),
    });

  it('accepts a null extensions, variables and operationName', async () => {
    const res = await post({ query: '{ regions { code } }', variables: null, operationName: null, extensions: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { regions: [{ code: 'SH' }, { code: 'JS' }, { code: 'ZJ' }, { code: 'AH' }] } });
  });

  describe('application/graphql-response+json', () => {
    const GRJ = { accept: 'application/graphql-response+json' };

    it("is the answer's type when the client asks for it, and application/json when it does not", async () => {
      const asked = await post({ query: '{ __typename }' }, GRJ);
      expect(asked.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
      const preferred = await post({ query: '{ __typename }' }, { accept: 'application/graphql-response+json, application/json;q=0.9' });
      expect(preferred.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const json = await post({ query: '{ __typename }' }, { accept: 'application/graphql-response+json;q=0.5, application/json' });
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      const none = await post({ query: '{ __typename }' });
      expect(none.headers.get('content-type')).toMatch(/^application\/json/);
      expect(none.headers.get('vary')).toMatch(/accept/i);
    });

    it('answers a request that fails to parse or validate with 400 and no data entry', async () => {
      for (const query of ['{ regions { code ', '{ regions { nope } }', 'query($n: Int!) { tasks(first: $n) { totalCount } }']) {
        const res = await post({ query, variables: {} }, GRJ);
        expect(res.status).toBe(400);
        const body = (await res.json()) as any;
        expect(body).not.toHaveProperty('data');
        expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('answers an over-cost request with 400, no data and QUERY_TOO_COMPLEX', async () => {
      const res = await post({ query: '{ tasks(first: 100) { edges { node { history(first: 100) { totalCount } } } } }' }, GRJ);
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body).not.toHaveProperty('data');
      expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    });

    it('answers a resolver-time error with 200 and its data entry', async () => {
      const res = await post({ query: '{ tasks(first: 1000) { totalCount } }' }, GRJ);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body).toHaveProperty('data');
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('status codes with application/json', () => {
    it('answers an over-cost request (a request error) with 400 and QUERY_TOO_COMPLEX', async () => {
      const res = await post({ query: '{ tasks(first: 100) { edges { node { history(first: 100) { totalCount } } } } }' }, { accept: 'application/json' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    });

    it.each([
      ['a page size over 100', '{ tasks(first: 1000) { totalCount } }'],
      ['a cursor that is not one', '{ tasks(after: "garbage!") { totalCount } }'],
    ])('answers %s (found while resolving) with 200 and BAD_USER_INPUT in the body', async (_what, query) => {
      const res = await post({ query }, { accept: 'application/json' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.data).toBeNull();
      expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('GET', () => {
    const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${url}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });

    it('runs a query with no preflight header', async () => {
      const res = await get({ query: '{ regions { code } }' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.regions).toHaveLength(4);
    });

    it('refuses a mutation with 405, running nothing', async () => {
      const res = await get({ query: 'mutation { createApiKey(input: { name: "via-get", role: DASHBOARD }) { token } }' }, { 'apollo-require-preflight': '1' });
      expect(res.status).toBe(405);
      expect(((await res.json()) as any).errors[0].message).toMatch(/GET/);
      const keys = await t.gql('{ apiKeys { name } }');
      expect(JSON.stringify(keys.data ?? keys.errors)).not.toMatch(/via-get/);
    });
  });
});
