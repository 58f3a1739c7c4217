import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/common/config/app-config';
import { ADMIN_TOKEN, bootTestApp, TestApp } from './support/test-app';
import { ProgressCompactor } from '../src/progress/progress-compactor.service';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const REGIONS = 'query Regions { regions { code } }';
const PLANS = 'query Plans { plans { code } }';
const UNTRUSTED = '{ regions { code name } }';

describe('trusted documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
  const manifest = join(dir, 'persisted-documents.json');
  // GraphQL Codegen's client preset writes { "<sha256>": "<document>" }; Relay's ids are its own.
  writeFileSync(manifest, JSON.stringify({ [sha256(REGIONS)]: REGIONS, 'relay-plans-1': PLANS }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const inject = (t: TestApp, opts: { method?: 'GET' | 'POST'; url?: string; body?: unknown; token?: string | null }) =>
    t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: opts.method ?? 'POST',
        url: opts.url ?? '/graphql',
        headers: { 'content-type': 'application/json', ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}` }) },
        payload: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
  const body = (res: { body: string }) => JSON.parse(res.body);
  const codes = (res: { body: string }) => body(res).errors?.map((e: { extensions: { code: string } }) => e.extensions.code);

  describe('by id, beside ordinary documents', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootTestApp({ TRUSTED_DOCUMENTS: manifest });
    });
    afterAll(async () => t.close());

    it('runs a document named by documentId over POST, with or without the sha256: prefix', async () => {
      for (const documentId of [`sha256:${sha256(REGIONS)}`, sha256(REGIONS)]) {
        const res = await inject(t, { body: { documentId } });
        expect(res.statusCode).toBe(200);
        expect(body(res).data.regions).toHaveLength(4);
      }
      const relay = await inject(t, { body: { documentId: 'relay-plans-1' } });
      expect(body(relay).data.plans.length).toBeGreaterThanOrEqual(3);
    });

    it('runs one over GET, with an ETag and a 304 like any query', async () => {
      const url = `/graphql?documentId=${encodeURIComponent(`sha256:${sha256(REGIONS)}`)}&operationName=Regions`;
      const res = await inject(t, { method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(body(res).data.regions).toHaveLength(4);
      expect(res.headers.etag).toBeDefined();
      const again = await t.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'if-none-match': res.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    });

    it("serves a manifest hash sent as an APQ (Apollo's link) without a first round trip", async () => {
      const res = await inject(t, { body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REGIONS) } } } });
      expect(body(res).data.regions).toHaveLength(4);
      const viaGet = await inject(t, {
        method: 'GET',
        url: `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(REGIONS) } }))}`,
      });
      expect(body(viaGet).data.regions).toHaveLength(4);
    });

    it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND and a bad one with BAD_USER_INPUT', async () => {
      const unknown = await inject(t, { body: { documentId: 'sha256:0000' } });
      expect(unknown.statusCode).toBe(400);
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(codes(await inject(t, { body: { documentId: 42 } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await inject(t, { body: { documentId: 'relay-plans-1', query: PLANS } }))).toEqual(['BAD_USER_INPUT']);
    });

    it('still runs any document sent as text when the allow-list mode is off', async () => {
      const res = await inject(t, { body: { query: UNTRUSTED }, token: await t.keyFor('ANALYST') });
      expect(body(res).data.regions).toHaveLength(4);
    });
  });

  describe('allow-list mode (TRUSTED_DOCUMENTS_ONLY)', () => {
    let t: TestApp;
    let analyst: string;
    beforeAll(async () => {
      t = await bootTestApp({ TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: 'true', ANONYMOUS_READ: 'true' });
      analyst = await t.keyFor('ANALYST');
    });
    afterAll(async () => t.close());

    it('refuses a document sent as text that is not in the manifest, with TRUSTED_DOCUMENT_REQUIRED', async () => {
      for (const token of [analyst, null]) {
        const res = await inject(t, { body: { query: UNTRUSTED }, token });
        expect(res.statusCode).toBe(400);
        expect(codes(res)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
        expect(body(res).data).toBeNull();
      }
      const viaGet = await inject(t, { method: 'GET', url: `/graphql?query=${encodeURIComponent(UNTRUSTED)}`, token: analyst });
      expect(codes(viaGet)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    });

    it('refuses an automatic persisted query whose hash is not in the manifest (no APQ store to fill)', async () => {
      const res = await inject(t, {
        body: { query: UNTRUSTED, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNTRUSTED) } } },
        token: analyst,
      });
      expect(codes(res)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
      const hashOnly = await inject(t, { body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNTRUSTED) } } }, token: analyst });
      expect(codes(hashOnly)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    });

    it('runs trusted documents, by id or as their exact text', async () => {
      expect(body(await inject(t, { body: { documentId: `sha256:${sha256(REGIONS)}` }, token: analyst })).data.regions).toHaveLength(4);
      expect(body(await inject(t, { body: { query: REGIONS }, token: null })).data.regions).toHaveLength(4);
    });

    it('lets ADMIN keys send any document (GraphiQL, administration)', async () => {
      const res = await inject(t, { body: { query: UNTRUSTED } });
      expect(body(res).data.regions).toHaveLength(4);
    });
  });

  describe('a bad manifest stops the start, naming TRUSTED_DOCUMENTS', () => {
    it.each([
      ['a missing file', join(dir, 'missing.json'), null, /cannot read .*ENOENT/],
      ['not JSON', join(dir, 'bad.json'), '{ nope', /is not JSON/],
      ['a document that does not parse', join(dir, 'syntax.json'), JSON.stringify({ abc: '{ regions { ' }), /the document of abc does not parse/],
      [
        'a document that does not fit the schema',
        join(dir, 'schema.json'),
        JSON.stringify({ abc: '{ regions { nope } }' }),
        /the document of abc does not fit the schema/,
      ],
    ])('%s', async (_label, path, content, message) => {
      if (content !== null) writeFileSync(path, content);
      const boot = bootTestApp({ TRUSTED_DOCUMENTS: path });
      await expect(boot).rejects.toThrow(ConfigError);
      await expect(boot).rejects.toThrow(message);
      await expect(boot).rejects.toThrow(/TRUSTED_DOCUMENTS: /);
    });

    it("stops what had already started (the compactor's timer, the pool) when the start fails half-way", async () => {
      const stopped = jest.spyOn(ProgressCompactor.prototype, 'onModuleDestroy');
      try {
        writeFileSync(join(dir, 'stale.json'), JSON.stringify({ abc: '{ regions { nope } }' }));
        await expect(bootTestApp({ TRUSTED_DOCUMENTS: join(dir, 'stale.json') })).rejects.toThrow(ConfigError);
        expect(stopped).toHaveBeenCalledTimes(1);
      } finally {
        stopped.mockRestore();
      }
    });
  });
});
