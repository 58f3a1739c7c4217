/**
 * The operation name of a GraphQL reply served from the answer cache (src/http-cache), set on the request: such a
 * reply never reaches Mercurius's hooks, where /metrics otherwise learns which operation ran.
 */
export const KEPT_OPERATION = Symbol('keptOperation');

export type WithKeptOperation = { [KEPT_OPERATION]?: string };
