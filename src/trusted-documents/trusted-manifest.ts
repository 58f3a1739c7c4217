// The manifest of trusted documents (TRUSTED_DOCUMENTS): which document ids a client may send instead of the text.
// Plain functions (no Nest), so a unit test needs no app.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

/** Ids as the manifests write them: hex hashes, `sha256:`-prefixed ones, Relay's ids. */
const ID = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,199}$/;
/** The longest document kept; the token and cost limits still apply to each on every request. */
export const TRUSTED_DOCUMENT_MAX_LENGTH = 100_000;

/** The documents by id, and the set of their texts (a request may also send a trusted document as text). */
export interface TrustedManifest {
  byId: ReadonlyMap<string, string>;
  texts: ReadonlySet<string>;
}

export const EMPTY_MANIFEST: TrustedManifest = { byId: new Map(), texts: new Set() };

/** The id a manifest entry or a request names, without the `sha256:` prefix of the GraphQL-over-HTTP proposal. */
export const normalizeDocumentId = (id: string) => (id.startsWith('sha256:') ? id.slice('sha256:'.length) : id);

/** Apollo's persisted-query manifest (generate-persisted-query-manifest): `{ format, version: 1, operations: [{ id, body }] }`. */
interface ApolloManifest {
  format: 'apollo-persisted-query-manifest';
  operations: unknown;
}

/** The (id, text) pairs of a parsed manifest file, in either format; throws naming what is wrong. */
function entriesOf(json: unknown): [string, unknown][] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('must be a JSON object: { "<id>": "<document>" } or an Apollo persisted-query manifest');
  }
  if ((json as ApolloManifest).format === 'apollo-persisted-query-manifest') {
    const ops = (json as ApolloManifest).operations;
    if (!Array.isArray(ops)) throw new Error('an Apollo manifest needs an `operations` list');
    return ops.map((op: { id?: unknown; body?: unknown }, i) => {
      if (typeof op?.id !== 'string') throw new Error(`operation ${i} has no string \`id\``);
      return [op.id, op.body];
    });
  }
  return Object.entries(json);
}

/** Checks and indexes a manifest's JSON text; throws an Error whose message names the bad entry. */
export function parseTrustedManifest(text: string): TrustedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`is not JSON (${(err as Error).message})`);
  }
  const byId = new Map<string, string>();
  for (const [rawId, document] of entriesOf(json)) {
    if (!ID.test(rawId)) throw new Error(`the id ${JSON.stringify(rawId.slice(0, 80))} is not 1–200 letters, digits, ':', '_', '.' or '-'`);
    if (typeof document !== 'string' || document.trim() === '') throw new Error(`the document of ${rawId} is not a non-empty string`);
    if (document.length > TRUSTED_DOCUMENT_MAX_LENGTH) throw new Error(`the document of ${rawId} is longer than ${TRUSTED_DOCUMENT_MAX_LENGTH} characters`);
    try {
      parse(document);
    } catch (err) {
      throw new Error(`the document of ${rawId} does not parse: ${(err as Error).message}`);
    }
    const id = normalizeDocumentId(rawId);
    if (byId.has(id) && byId.get(id) !== document) throw new Error(`the id ${rawId} names two different documents`);
    byId.set(id, document);
  }
  return { byId, texts: new Set(byId.values()) };
}

/** Reads the manifest file; throws an Error naming the file and the problem. */
export function readTrustedManifest(path: string): TrustedManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parseTrustedManifest(text);
  } catch (err) {
    throw new Error(`${path} ${(err as Error).message}`);
  }
}
