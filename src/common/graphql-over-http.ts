// GraphQL over HTTP (the GraphQL Foundation's spec): which media type an answer is sent as, which status it gets,
// and which POSTs could be cross-site forgeries. Plain functions: graphql.options.ts and http-hardening.ts call them.

import { ErrorCode } from './errors/error-code.enum';
import { HTTP_STATUS } from './errors/rest-error.filter';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';
export type ResponseMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;

/**
 * The media type to answer with, from the Accept header: the one of ours with the highest q, ties going to
 * application/graphql-response+json (Apollo Client 4 and urql list it first). No Accept, or one naming neither,
 * gets application/json, as the spec says for clients older than the new type.
 */
export function responseMediaType(accept: string | string[] | undefined): ResponseMediaType {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return APPLICATION_JSON;
  let best: { type: ResponseMediaType; q: number } | null = null;
  for (const part of header.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    // `*/*` and `application/*` are answered with application/json (audit 47DE).
    const type = range === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : [APPLICATION_JSON, '*/*', 'application/*'].includes(range) ? APPLICATION_JSON : null;
    if (type && (!best || q > best.q || (q === best.q && type === GRAPHQL_RESPONSE_JSON))) best = { type, q };
  }
  return best?.type ?? APPLICATION_JSON;
}

/** Codes that mean the request itself was wrong; with application/json, a request error made only of these is a 400. */
const REQUEST_FAULTS = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.QUERY_TOO_COMPLEX]);

/**
 * The status of a GraphQL answer. Once execution has started (the result has a `data` entry, even null) it is 200
 * under both media types: errors travel in the body, where clients read their codes. A request error (parse,
 * validation, variables, limits: no `data`) keeps the status the HTTP layer chose (405 for a mutation over GET,
 * 413, 429…); otherwise application/graphql-response+json gets its code's status (400 for a wrong request, 503,
 * 500…) as the spec asks, and application/json keeps this API's 400 for a request that was wrong.
 */
export function graphqlStatus(opts: { executed: boolean; mediaType: ResponseMediaType; httpStatus?: number; codes: string[] }): number {
  if (opts.executed) return 200;
  if (opts.httpStatus) return opts.httpStatus;
  if (opts.mediaType === GRAPHQL_RESPONSE_JSON) return HTTP_STATUS[opts.codes[0] as ErrorCode] ?? 400;
  return opts.codes.every((c) => REQUEST_FAULTS.has(c)) ? 400 : 200;
}

/** POST bodies a cross-site page can send without a preflight: a form (urlencoded or multipart), text/plain, or none. */
const SAFE_POST_TYPES = new Set([APPLICATION_JSON, 'application/graphql']);

/**
 * True when a POST could come from a cross-site form and carries none of the preflight headers. A GET is never
 * refused here: it can only run a query (mutations over GET are a 405), and the key travels in the Authorization
 * header, which no cross-site form or image can send, so a forged GET runs as an anonymous caller.
 */
export function isCrossSiteForgeable(
  req: { method: string; headers: Record<string, string | string[] | undefined> },
  preflightHeaders: readonly string[],
): boolean {
  if (req.method !== 'POST') return false;
  const contentType = req.headers['content-type'];
  const type = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
  if (SAFE_POST_TYPES.has(type)) return false;
  return !preflightHeaders.some((h) => req.headers[h] !== undefined);
}
