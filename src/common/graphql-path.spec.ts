import { GRAPHQL_ROUTE, isGraphqlUrl } from './graphql-path';

describe('isGraphqlUrl', () => {
  it.each(['/graphql', '/graphql?query={plans{code}}', '/graphql?'])('takes %s', (url) => expect(isGraphqlUrl(url)).toBe(true));
  it.each(['/graphqlx', '/graphql/', '/graphql/schema', '/x/graphql', '', '/health'])('refuses %j', (url) => expect(isGraphqlUrl(url)).toBe(false));
  it('matches the route itself', () => expect(isGraphqlUrl(GRAPHQL_ROUTE)).toBe(true));
});
