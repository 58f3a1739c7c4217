/** The one route GraphQL is served on (POST, GET and the WebSocket upgrade). */
export const GRAPHQL_ROUTE = '/graphql';

const GRAPHQL_URL = /^\/graphql(\?|$)/;

/** True for a request URL of the GraphQL route, with or without a query string (not `/graphql/…` or `/graphqlx`). */
export const isGraphqlUrl = (url: string): boolean => GRAPHQL_URL.test(url);
