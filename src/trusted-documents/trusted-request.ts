// What a GraphQL request's document is, given the trusted manifest: the request rewritten to carry the text, or the
// coded refusal. A plain function over the request's fields (GET's query string or POST's body), no Nest.
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { normalizeDocumentId, TrustedManifest } from './trusted-manifest';

/** The fields of a GraphQL request this looks at; GET carries `extensions` as JSON text. */
export interface GraphqlRequestFields {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

export interface TrustedPolicy {
  manifest: TrustedManifest;
  /** Allow-list mode for this caller: only trusted documents run. */
  trustedOnly: boolean;
  /** Whether a manifest was configured at all (a documentId without one is "not supported"). */
  configured: boolean;
}

const refuse = (code: ErrorCode, message: string) => new DomainException(code, message, {}, 400);

const TRUSTED_ONLY =
  'This server runs trusted documents only: send the id of a document from its manifest as `documentId` (or as extensions.persistedQuery.sha256Hash)';

/** The `extensions` object, parsed when it came as GET's JSON text; undefined when absent or unreadable (Mercurius reports it). */
function extensionsOf(fields: GraphqlRequestFields): { value: Record<string, unknown> | undefined; asText: boolean } {
  const raw = fields.extensions;
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return { value: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined, asText: true };
    } catch {
      return { value: undefined, asText: true };
    }
  }
  return { value: raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined, asText: false };
}

/**
 * Puts the text of a trusted document named by `documentId` or by an APQ hash found in the manifest into `query`
 * (the APQ extension is then dropped, so Mercurius runs it as a plain query), and in allow-list mode refuses any
 * document the manifest does not hold, whether sent as text or as an unknown hash. Mutates `fields`.
 */
export function resolveTrustedDocument(fields: GraphqlRequestFields, policy: TrustedPolicy): void {
  const hasQuery = typeof fields.query === 'string' && fields.query !== '';
  if (fields.documentId !== undefined) {
    const id = fields.documentId;
    if (typeof id !== 'string' || id === '') throw refuse(ErrorCode.BAD_USER_INPUT, '`documentId` must be a non-empty string');
    if (hasQuery) throw refuse(ErrorCode.BAD_USER_INPUT, 'Send either `documentId` or `query`, not both');
    if (!policy.configured)
      throw refuse(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, 'This server has no trusted documents (TRUSTED_DOCUMENTS is not set): send the query text');
    const text = policy.manifest.byId.get(normalizeDocumentId(id));
    if (text === undefined) throw refuse(ErrorCode.PERSISTED_QUERY_NOT_FOUND, `No trusted document has the id ${JSON.stringify(id.slice(0, 200))}`);
    fields.query = text;
    delete fields.documentId;
    return;
  }
  const ext = extensionsOf(fields);
  const persisted = ext.value?.persistedQuery as { sha256Hash?: unknown } | undefined;
  const hash = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
  if (hash !== undefined && !hasQuery) {
    const text = policy.manifest.byId.get(normalizeDocumentId(hash));
    if (text !== undefined) {
      fields.query = text;
      const { persistedQuery: _dropped, ...rest } = ext.value!;
      fields.extensions = ext.asText ? JSON.stringify(rest) : rest;
      return;
    }
    // Not in the manifest: an automatic persisted query, served from Mercurius's store unless only trusted ones run.
    if (policy.trustedOnly) throw refuse(ErrorCode.TRUSTED_DOCUMENT_REQUIRED, `${TRUSTED_ONLY}; the hash is not in it`);
    return;
  }
  if (policy.trustedOnly && hasQuery && !policy.manifest.texts.has(fields.query as string)) {
    throw refuse(ErrorCode.TRUSTED_DOCUMENT_REQUIRED, TRUSTED_ONLY);
  }
}
