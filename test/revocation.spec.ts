import { Logger } from '@nestjs/common';
import { ApiKeysService, TOKEN_CACHE_MS } from '../src/auth/api-keys.service';
import { hashToken } from '../src/auth/token';
import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';

// Revocation is immediate: a key revoked anywhere (another instance, the CLI, SQL) is refused by every instance
// within TOKEN_CACHE_MS (1 s), and a revoked BOOTSTRAP_ADMIN_TOKEN key stays revoked across restarts.
const WHO = '{ plans { code } }';
const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

describe('revocation', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await bootTestApp();
    second = await bootTestApp();
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('trusts a token for at most 1 s', () => {
    expect(TOKEN_CACHE_MS).toBeLessThanOrEqual(1000);
  });

  it('looks a token up at most once a second per instance, however many requests carry it at once', async () => {
    const token = await first.keyFor('ANALYST');
    const before = ApiKeysService.lookups;
    const start = Date.now();
    const replies = await Promise.all(Array.from({ length: 20 }, () => second.gql(WHO, {}, token)));
    for (const _ of Array.from({ length: 20 })) replies.push(await second.gql(WHO, {}, token));
    const elapsed = Date.now() - start;
    expect(replies.every((r) => r.errors === undefined)).toBe(true);
    expect(ApiKeysService.lookups - before).toBeLessThanOrEqual(Math.floor(elapsed / TOKEN_CACHE_MS) + 1);
  });

  /** A fresh ANALYST key that both instances have just accepted (so each holds it in its cache). */
  const warmKey = async () => {
    const created = await first.gql(`mutation($n: String!) { createApiKey(input: { name: $n, role: ANALYST }) { token apiKey { id } } }`, {
      n: `rev-${uniq()}`,
    });
    const { token, apiKey } = created.data.createApiKey;
    for (const app of [first, second]) expect((await app.gql(WHO, {}, token)).errors).toBeUndefined();
    return { token: token as string, id: apiKey.id as string };
  };

  it('is seen by another instance within 1 s of a revocation through the API', async () => {
    const key = await warmKey();
    const revokedAt = Date.now();
    expect((await second.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: key.id })).errors).toBeUndefined();
    // The instance that revoked it refuses it at once.
    expectError(await second.gql(WHO, {}, key.token), 'UNAUTHENTICATED');
    await sleepUntil(revokedAt + 1000);
    expectError(await first.gql(WHO, {}, key.token), 'UNAUTHENTICATED');
  });

  it('is seen by every instance within 1 s of a revocation written straight to the database (the CLI, SQL)', async () => {
    const key = await warmKey();
    const revokedAt = Date.now();
    await first.ds.query('UPDATE api_key SET revoked_at = now() WHERE id = $1', [dbKey(key.id)]);
    await sleepUntil(revokedAt + 1000);
    expectError(await first.gql(WHO, {}, key.token), 'UNAUTHENTICATED');
    expectError(await second.gql(WHO, {}, key.token), 'UNAUTHENTICATED');
  });

  describe('BOOTSTRAP_ADMIN_TOKEN', () => {
    it('makes its ADMIN key again at each start while it is not revoked', async () => {
      const token = `bootstrap-${uniq()}-${uniq()}-${uniq()}`;
      const app = await bootTestApp({ BOOTSTRAP_ADMIN_TOKEN: token });
      await app.close();
      const again = await bootTestApp({ BOOTSTRAP_ADMIN_TOKEN: token });
      try {
        expect((await again.gql('{ apiKeys { id } }', {}, token)).errors).toBeUndefined();
        const rows = await again.ds.query('SELECT role, revoked_at FROM api_key WHERE token_hash = $1', [hashToken(token)]);
        expect(rows).toEqual([{ role: 'ADMIN', revoked_at: null }]);
      } finally {
        await again.close();
      }
    });

    it('stays revoked after a restart with the same token, with a warning saying so', async () => {
      const token = `bootstrap-${uniq()}-${uniq()}-${uniq()}`;
      const app = await bootTestApp({ BOOTSTRAP_ADMIN_TOKEN: token });
      const [own] = await app.ds.query('SELECT id FROM api_key WHERE token_hash = $1', [hashToken(token)]);
      expect((await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: nodeId('ApiKey', own.id) }, token)).errors).toBeUndefined();
      await app.close();

      const warn = jest.spyOn(Logger.prototype, 'warn');
      const restarted = await bootTestApp({ BOOTSTRAP_ADMIN_TOKEN: token });
      try {
        expectError(await restarted.gql(WHO, {}, token), 'UNAUTHENTICATED');
        const [row] = await restarted.ds.query('SELECT revoked_at FROM api_key WHERE id = $1', [own.id]);
        expect(row.revoked_at).not.toBeNull();
        expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
          expect.arrayContaining([expect.stringMatching(new RegExp(`BOOTSTRAP_ADMIN_TOKEN .*${own.id}.* stays revoked`))]),
        );
      } finally {
        warn.mockRestore();
        await restarted.close();
      }
    });
  });
});
