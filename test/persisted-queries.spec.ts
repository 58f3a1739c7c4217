import { createHash } from 'node:crypto';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { LIMITS } from '../src/common/graphql-limits';
import { PERSISTED_QUERIES_MAX, PERSISTED_QUERY_MAX_LENGTH } from '../src/graphql.options';
import { ADMIN_TOKEN, bootTestApp, listenForClients, TestApp } from './support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

describe('automatic persisted queries', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await bootTestApp();
    url = await listenForClients(t);
  });
  afterAll(async () => t.close());

  /** A POST with this body; the reply's status and parsed body. */
  const post = async (body: Record<string, unknown>) => {
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'POST', url: '/graphql', headers: { ...AUTH, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  const codes = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.map((e) => e.extensions.code);

  describe('with Apollo Client 4 and its persisted-queries link', () => {
    const sent: { method: string; body: string | null; url: string }[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push({ method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : null, url: String(input) });
      return fetch(input, init);
    };
    const apollo = (useGETForHashedQueries: boolean) =>
      new ApolloClient({
        link: createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(new HttpLink({ uri: url, fetch: recordingFetch, headers: AUTH })),
        cache: new InMemoryCache(),
      });
    beforeEach(() => {
      sent.length = 0;
    });

    it.each([
      ['POST', false],
      ['GET', true],
    ])('sends the hash, falls back to the full query once, then the hash alone suffices (%s)', async (_method, useGet) => {
      // A document of its own per case, so the first request is one the server has not seen.
      const query = gql`query Regions${useGet ? 'Get' : 'Post'} { regions { code } }`;
      const first = await apollo(useGet).query<{ regions: { code: string }[] }>({ query });
      expect(first.data?.regions).toHaveLength(4);
      expect(sent).toHaveLength(2); // hash only → PersistedQueryNotFound → hash and query
      expect(sent[0].method).toBe(useGet ? 'GET' : 'POST');
      const firstText = sent[0].body ?? decodeURIComponent(sent[0].url);
      expect(firstText).toMatch(/sha256Hash/);
      expect(firstText).not.toMatch(/regions \{/);

      sent.length = 0;
      const again = await apollo(useGet).query<{ regions: { code: string }[] }>({ query });
      expect(again.data?.regions).toHaveLength(4);
      expect(sent).toHaveLength(1);
      expect(sent[0].body ?? sent[0].url).not.toMatch(/regions/);
    });

    it('keeps coded errors for a persisted query that fails while resolving', async () => {
      const query = gql`
        query BigPage($n: Int) {
          tasks(first: $n) {
            totalCount
          }
        }
      `;
      const error = await apollo(false)
        .query({ query, variables: { n: 1000 } })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(CombinedGraphQLErrors.is(error)).toBe(true);
      expect((error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('the protocol', () => {
    it("answers an unknown hash with PersistedQueryNotFound, the message and code Apollo's link retries on", async () => {
      const res = await post({ extensions: persisted('{ never { sent } }') });
      expect(res.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
    });

    it('refuses a hash that does not match the query, storing nothing', async () => {
      const res = await post({ query: '{ regions { code } }', extensions: persisted('{ regions { name } }') });
      expect(codes(res.body)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/does not match/);
      expect(codes((await post({ extensions: persisted('{ regions { name } }') })).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('refuses a mutation by hash over GET', async () => {
      const mutation = 'mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }';
      await post({ query: mutation, extensions: persisted(mutation) });
      const res = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url: `/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted(mutation)))}`,
          headers: AUTH,
        });
      expect(res.statusCode).toBe(405);
    });
  });

  describe('limits still apply', () => {
    const costly = 'query Costly($n: Int) { tasks(first: $n) { edges { node { history(first: 100) { totalCount } } } } }';

    it('refuses an over-cost query sent with its hash, and does not store it', async () => {
      const res = await post({ query: costly, variables: { n: 100 }, extensions: persisted(costly) });
      expect(codes(res.body)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(codes((await post({ variables: { n: 1 }, extensions: persisted(costly) })).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it("measures a stored query again with each request's variables", async () => {
      expect((await post({ query: costly, variables: { n: 1 }, extensions: persisted(costly) })).body.errors).toBeUndefined();
      expect((await post({ variables: { n: 1 }, extensions: persisted(costly) })).body.errors).toBeUndefined();
      expect(codes((await post({ variables: { n: 100 }, extensions: persisted(costly) })).body)).toEqual(['QUERY_TOO_COMPLEX']);
    });

    it('refuses a stored document over the token limit (it is parsed with the limit)', async () => {
      const long = `{ ${Array.from({ length: LIMITS.tokens }, () => '__typename').join(' ')} }`;
      expect(codes((await post({ query: long, extensions: persisted(long) })).body)).toEqual(['QUERY_TOO_COMPLEX']);
    });

    it('runs a query longer than the store keeps, without keeping it', async () => {
      const long = `query Long($s: String = "${'x'.repeat(PERSISTED_QUERY_MAX_LENGTH)}") { plan(code: $s) { id } }`;
      expect((await post({ query: long, extensions: persisted(long) })).body).toEqual({ data: { plan: null } });
      expect(codes((await post({ extensions: persisted(long) })).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it(`keeps at most ${PERSISTED_QUERIES_MAX} queries, dropping the least recently used`, async () => {
      const doc = (i: number) => `query Q${i} { __typename }`;
      for (let i = 0; i <= PERSISTED_QUERIES_MAX; i++) {
        const res = await post({ query: doc(i), extensions: persisted(doc(i)) });
        expect(res.body.errors).toBeUndefined();
      }
      expect(codes((await post({ extensions: persisted(doc(0)) })).body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await post({ extensions: persisted(doc(PERSISTED_QUERIES_MAX)) })).body.errors).toBeUndefined();
    });
  });
});
