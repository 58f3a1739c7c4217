import { ErrorCode } from '../common/errors/error-code.enum';
import { parseTrustedManifest } from './trusted-manifest';
import { GraphqlRequestFields, resolveTrustedDocument, TrustedPolicy } from './trusted-request';

const DOC = 'query Regions { regions { code } }';

describe('the trusted-documents manifest', () => {
  it('reads GraphQL Codegen / Relay maps, with or without the sha256: prefix', () => {
    const m = parseTrustedManifest(JSON.stringify({ 'sha256:abc': DOC, 'relay-1': '{ plans { code } }' }));
    expect(m.byId.get('abc')).toBe(DOC);
    expect(m.byId.get('relay-1')).toBe('{ plans { code } }');
    expect(m.texts.has(DOC)).toBe(true);
  });

  it("reads Apollo's persisted-query manifest", () => {
    const m = parseTrustedManifest(
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'f00d', name: 'Regions', type: 'query', body: DOC }] }),
    );
    expect([...m.byId]).toEqual([['f00d', DOC]]);
  });

  it.each([
    ['[]', /must be a JSON object/],
    ['{"a b": "{ x }"}', /the id "a b" is not/],
    ['{"abc": 3}', /the document of abc is not a non-empty string/],
    ['{"abc": "{ x "}', /the document of abc does not parse/],
    ['{"sha256:abc": "{ x }", "abc": "{ y }"}', /the id abc names two different documents/],
    ['{"format": "apollo-persisted-query-manifest", "operations": {}}', /needs an `operations` list/],
  ])('refuses %s', (text, message) => {
    expect(() => parseTrustedManifest(text)).toThrow(message);
  });
});

describe('resolving a request against the manifest', () => {
  const manifest = parseTrustedManifest(JSON.stringify({ abc: DOC }));
  const policy = (trustedOnly: boolean, configured = true): TrustedPolicy => ({ manifest, trustedOnly, configured });
  const codeOf = (fields: GraphqlRequestFields, p: TrustedPolicy) => {
    try {
      resolveTrustedDocument(fields, p);
      return null;
    } catch (err) {
      return (err as { code: ErrorCode }).code;
    }
  };

  it("puts a trusted document's text in place of its id, or of its APQ hash (GET's JSON text kept as text)", () => {
    const byId: GraphqlRequestFields = { documentId: 'sha256:abc' };
    resolveTrustedDocument(byId, policy(true));
    expect(byId).toEqual({ query: DOC });
    const byHash: GraphqlRequestFields = { extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'abc' }, other: 1 }) };
    resolveTrustedDocument(byHash, policy(true));
    expect(byHash).toEqual({ query: DOC, extensions: '{"other":1}' });
  });

  it('refuses what the allow-list mode does not allow, and lets the rest through untouched otherwise', () => {
    expect(codeOf({ query: '{ plans { code } }' }, policy(true))).toBe(ErrorCode.TRUSTED_DOCUMENT_REQUIRED);
    expect(codeOf({ query: DOC }, policy(true))).toBeNull();
    expect(codeOf({ extensions: { persistedQuery: { version: 1, sha256Hash: 'fff' } } }, policy(true))).toBe(ErrorCode.TRUSTED_DOCUMENT_REQUIRED);
    const apq: GraphqlRequestFields = { extensions: { persistedQuery: { version: 1, sha256Hash: 'fff' } } };
    expect(codeOf(apq, policy(false))).toBeNull();
    expect(apq.query).toBeUndefined();
    expect(codeOf({ query: '{ plans { code } }' }, policy(false))).toBeNull();
  });

  it('codes what is wrong with a documentId', () => {
    expect(codeOf({ documentId: 'nope' }, policy(false))).toBe(ErrorCode.PERSISTED_QUERY_NOT_FOUND);
    expect(codeOf({ documentId: 'abc' }, policy(false, false))).toBe(ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED);
    expect(codeOf({ documentId: '' }, policy(false))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf({ documentId: 'abc', query: DOC }, policy(false))).toBe(ErrorCode.BAD_USER_INPUT);
  });
});
