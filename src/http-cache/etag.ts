// ETags and Cache-Control of GraphQL GET answers: plain functions, no Nest or Fastify.
import { createHash } from 'node:crypto';

/** What an answer depends on besides the request itself: the data version, "today" in each plan's zone, the code. */
export interface EtagInputs {
  /** The data version and the plan days, as read from the database. */
  dataState: string;
  /** The code that computes answers (changes with a deploy). */
  codeFingerprint: string;
  /** The request: path and query string (document or its id, variables, operation name, extensions). */
  url: string;
  /** What the caller may see: role and regions. */
  viewer: string;
  /** The media type of the answer. */
  mediaType: string;
}

/**
 * A weak ETag: it names the answer's meaning, not its bytes (the same answer is sent gzipped, brotli'd or plain,
 * and JSON key order is not promised), and If-None-Match compares weakly anyway. 128 bits of SHA-256.
 */
export function etagFor(inputs: EtagInputs): string {
  const h = createHash('sha256');
  for (const part of [inputs.codeFingerprint, inputs.dataState, inputs.viewer, inputs.mediaType, inputs.url]) h.update(part).update('\0');
  return `W/"${h.digest('base64url').slice(0, 22)}"`;
}

/** Weak comparison (RFC 9110 §13.1.2) of If-None-Match's list with the current tag; `*` never matches here. */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  const list = Array.isArray(header) ? header.join(',') : header;
  if (list.length > 8192) return false;
  return list.split(',').some((tag) => {
    const t = tag.trim();
    return (t.startsWith('W/') ? t.slice(2) : t) === opaque;
  });
}

/** Cache-Control of a tagged answer: shared caches may keep the anonymous view briefly; keyed views revalidate. */
export function cacheControlFor(shared: boolean, publicMaxAge: number): string {
  return shared ? `public, max-age=${publicMaxAge}` : 'private, no-cache';
}

/** Adds tokens to a Vary header value (lower case, no repeats). */
export function withVary(current: unknown, tokens: readonly string[]): string {
  const have = (Array.isArray(current) ? current.join(',') : typeof current === 'string' ? current : '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const t of tokens) if (!have.includes(t)) have.push(t);
  return have.join(', ');
}
