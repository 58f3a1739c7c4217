// Plain rules of the answer cache: no Nest, no database.
import { DocumentNode, Kind } from 'graphql';

/** What the cache did, for tests, benchmarks and /metrics. */
export interface CacheCounters {
  /** Answers served from memory. */
  hits: number;
  /** Answers computed (or joined while another request computed them) with the cache on. */
  misses: number;
  /** Answers computed while the cache was off or had no working change signal. */
  uncached: number;
  /** Times every kept answer was dropped. */
  invalidations: number;
}

/** A document with a mutation may write, whichever of its operations runs: it ends the kept answers once resolved. */
export function writesData(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation');
}

/** The cache key of an answer: its kind and its arguments (a plan code compares without case, as plans are found). */
export function answerKey(kind: string, ...args: (string | null | undefined)[]): string {
  return [kind, ...args.map((a) => (a === null || a === undefined ? '' : a.toLowerCase()))].join('\0');
}

/** Requests longer than this are not kept: a key holds the whole request. */
const MAX_KEY_LENGTH = 16384;

/**
 * The answer-cache key of a GraphQL request: who asks (role, regions, keyed or anonymous), the media type of the
 * reply, and the whole request (GET: the URL with its query string; POST: the URL and the parsed body, every field
 * of it). Null when it is not to be kept: another method, a body that is not a JSON object, or a request too long.
 */
export function replyKey(r: { viewer: string; mediaType: string; method: string; url: string; body: unknown }): string | null {
  let request: string;
  if (r.method === 'GET') request = r.url;
  else if (r.method === 'POST' && r.body !== null && typeof r.body === 'object' && !Array.isArray(r.body) && !Buffer.isBuffer(r.body))
    request = `${r.url}\0${JSON.stringify(r.body)}`;
  else return null;
  const key = `reply\0${r.viewer}\0${r.mediaType}\0${r.method}\0${request}`;
  return key.length > MAX_KEY_LENGTH ? null : key;
}
