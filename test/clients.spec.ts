import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { ADMIN_TOKEN, bootTestApp, listenForClients, TestApp } from './support/test-app';

/** The clients that found issue 13's HTTP problems, unchanged and with their defaults, against a listening app. */
describe('real GraphQL clients', () => {
  let t: TestApp;
  let url: string;
  /** Method and Accept header of every request the clients sent. */
  const sent: { method: string; accept: string | null; answered?: string | null }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const entry: (typeof sent)[number] = { method: init?.method ?? 'GET', accept: new Headers(init?.headers).get('accept') };
    sent.push(entry);
    const res = await fetch(input, init);
    entry.answered = res.headers.get('content-type');
    return res;
  };

  beforeAll(async () => {
    t = await bootTestApp();
    url = await listenForClients(t);
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    sent.length = 0;
  });

  describe('Apollo Client 4 (HttpLink)', () => {
    const apollo = () =>
      new ApolloClient({
        link: new HttpLink({ uri: url, fetch: recordingFetch, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
        cache: new InMemoryCache(),
      });

    it('reads data', async () => {
      const { data } = await apollo().query<{ regions: { code: string }[] }>({
        query: gql`
          {
            regions {
              code
            }
          }
        `,
      });
      expect(data?.regions.map((r) => r.code)).toEqual(['SH', 'JS', 'ZJ', 'AH']);
    });

    /** The error Apollo Client hands over: GraphQL errors with their codes, not a ServerError. */
    async function codesOf(run: () => Promise<unknown>): Promise<unknown[]> {
      const error = await run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(CombinedGraphQLErrors.is(error)).toBe(true);
      return (error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code);
    }

    it.each([
      ['a page size of 1000', '{ tasks(first: 1000) { totalCount } }'],
      ['a bad cursor', '{ tasks(after: "garbage!") { totalCount } }'],
      ['an unknown field (a validation error)', '{ regions { nope } }'],
    ])('reaches extensions.code of BAD_USER_INPUT for %s', async (_what, query) => {
      expect(await codesOf(() => apollo().query({ query: gql(query) }))).toEqual(['BAD_USER_INPUT']);
    });

    it('reaches extensions.code of BAD_USER_INPUT for a bad evidenceUrl, writing nothing', async () => {
      const page = await t.gql('{ tasks(first: 1) { edges { node { id version } } } }');
      const task = page.data.tasks.edges[0].node;
      const mutation = gql`
        mutation ($input: RecordTaskUpdateInput!) {
          recordTaskUpdate(input: $input) {
            id
          }
        }
      `;
      const input = { taskId: task.id, expectedVersion: task.version, note: 'x', evidenceUrl: 'javascript:alert(1)' };
      expect(await codesOf(() => apollo().mutate({ mutation, variables: { input } }))).toEqual(['BAD_USER_INPUT']);
      const after = await t.gql('query($id: ID!) { task(id: $id) { version } }', { id: task.id });
      expect(after.data.task.version).toBe(task.version);
    });

    it('asks for application/graphql-response+json, which it is answered with', async () => {
      await apollo().query({
        query: gql`
          {
            regions {
              code
            }
          }
        `,
        fetchPolicy: 'network-only',
      });
      expect(sent).toHaveLength(1);
      expect(sent[0].accept).toMatch(/^application\/graphql-response\+json/);
      expect(sent[0].answered).toMatch(/^application\/graphql-response\+json/);
    });
  });

  describe('urql (default client, GET for queries)', () => {
    const urql = () =>
      new Client({
        url,
        exchanges: [cacheExchange, fetchExchange],
        preferGetMethod: true,
        fetch: recordingFetch,
        fetchOptions: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      });

    it('runs a query over GET without a preflight header', async () => {
      const result = await urql().query('{ regions { code } }', {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data.regions).toHaveLength(4);
      expect(sent.map((s) => s.method)).toEqual(['GET']);
    });

    it('gets coded errors for a resolver-time failure over GET', async () => {
      const result = await urql().query('query($n: Int) { tasks(first: $n) { totalCount } }', { n: 1000 }).toPromise();
      expect(result.error?.graphQLErrors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('sends mutations by POST, which run', async () => {
      const result = await urql()
        .mutation('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }', {
          input: { name: `urql-${Date.now()}`, role: 'DASHBOARD' },
        })
        .toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data.createApiKey.token).toEqual(expect.any(String));
      expect(sent.map((s) => s.method)).toEqual(['POST']);
    });
  });
});
