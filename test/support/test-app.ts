import type { AddressInfo } from 'node:net';
import { fromGlobalId, toGlobalId } from '../../src/common/global-id';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../../src/app.factory';
import { loadConfig } from '../../src/common/config/app-config';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { CountingLogger } from '../../src/database/counting.logger';

export const ADMIN_TOKEN = 'test-bootstrap-admin-token-0123456789';

export interface GqlReply<T = any> {
  status: number;
  data: T | null | undefined;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
  raw: string;
  headers: Record<string, unknown>;
}

export interface TestApp extends RunningApp {
  ds: DataSource;
  /** POST /graphql through the real HTTP pipeline (Fastify inject). Token defaults to the bootstrap ADMIN. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlReply<T>>;
  /** Creates an API key through the API and returns its token. */
  keyFor(role: string, regions?: string[]): Promise<string>;
  /**
   * Statements sent while running fn, not counting API-key lookups (a token is looked up again once a second) nor the
   * answer cache's data-version checks (one a second, in the background).
   */
  countStatements(fn: () => Promise<unknown>): Promise<number>;
}

/** Boots the whole app against the test database (PGlite or DATABASE_URL); env overrides the defaults. */
export async function bootTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    // The shared PGlite is embedded, even though the app reaches it by URL: one connection (see open-database.ts).
    ...(process.env.TEST_DB_KIND === 'pglite' ? { DB_POOL_SIZE: '1' } : {}),
    ...env,
  });
  const running = await createApp(config, { logger: false });
  const fastify = running.app.getHttpAdapter().getInstance();
  const ds = running.app.get(DataSource);

  const gql: TestApp['gql'] = async (query, variables, token = ADMIN_TOKEN) => {
    const res = await fastify.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: JSON.stringify({ query, variables }),
    });
    const body = res.body ? JSON.parse(res.body) : {};
    return { status: res.statusCode, data: body.data, errors: body.errors, raw: res.body, headers: res.headers };
  };

  const keyFor: TestApp['keyFor'] = async (role, regions) => {
    const res = await gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }`, {
      input: { name: `test-${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, role, regions },
    });
    if (res.errors) throw new Error(`createApiKey failed: ${JSON.stringify(res.errors)}`);
    return res.data.createApiKey.token;
  };

  const countStatements: TestApp['countStatements'] = async (fn) => {
    const sent = () => CountingLogger.statements - ApiKeysService.lookups - CountingLogger.background;
    const before = sent();
    await fn();
    return sent() - before;
  };

  return { ...running, ds, gql, keyFor, countStatements };
}

/** A short random suffix so suites never collide on the shared database. */
export const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Asserts a reply carries exactly one error with this code, and no stack trace or SQL. */
export function expectError(res: GqlReply, code: string) {
  expect(res.errors?.map((e) => e.extensions.code)).toEqual([code]);
  expect(res.raw).not.toMatch(/\bat \S+ \(|node_modules|SELECT |INSERT |UPDATE "|QueryFailedError/);
}

/** The database key of a global id from an answer (base64url of "Task:7" → "7"), for SQL in tests. */
export const dbKey = (id: string): string => {
  const parsed = fromGlobalId(id);
  if (!parsed) throw new Error(`${id} is not a global id`);
  return parsed.key;
};

/** The global id the API gives a record of this type and database key. */
export const nodeId = toGlobalId;

/** Makes the app listen on a free loopback port (for real HTTP clients) and returns its /graphql URL. */
export async function listenForClients(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
}
