import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for the performance settings', () => {
    const config = loadConfig({});
    expect(config.HEAP_GROWING_PERCENT).toBe(30);
    expect(config.DB_PREPARED_STATEMENTS).toBe(true);
    expect(config.DB_POOL_SIZE).toBe(10);
  });

  it('reads booleans and integers from their text', () => {
    const config = loadConfig({ DB_PREPARED_STATEMENTS: 'false', HEAP_GROWING_PERCENT: '0', ANONYMOUS_READ: '1' });
    expect(config.DB_PREPARED_STATEMENTS).toBe(false);
    expect(config.HEAP_GROWING_PERCENT).toBe(0);
    expect(config.ANONYMOUS_READ).toBe(true);
  });

  it.each([
    ['HEAP_GROWING_PERCENT', '-1'],
    ['HEAP_GROWING_PERCENT', 'lots'],
    ['DB_PREPARED_STATEMENTS', 'flase'],
    ['ANONYMOUS_READ', 'yes please'],
    ['DB_POOL_SIZE', '0'],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus'],
    ['DEFAULT_TIME_ZONE', '+08:00'],
    ['REQUEST_TIMEOUT_MS', '10'],
    ['REQUEST_TIMEOUT_MS', 'soon'],
    ['KEEP_ALIVE_TIMEOUT_MS', '0'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '2'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,not-an-address'],
    ['CACHE_PUBLIC_MAX_AGE', '-1'],
    ['CACHE_PUBLIC_MAX_AGE', '1 minute'],
    ['TRUSTED_DOCUMENTS_ONLY', 'maybe'],
    ['TRUSTED_DOCUMENTS_ONLY', 'true'],
    ['COMPRESSION', 'gzip'],
    ['METRICS_TOKEN', 'short'],
    ['LIVE_UPDATES', 'sometimes'],
    ['LIVE_MAX_CONNECTIONS_PER_KEY', '0'],
    ['LIVE_HEARTBEAT_MS', '10'],
    ['LIVE_MAX_BUFFERED_BYTES', '1024'],
  ])('stops on %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('reads the polling and metrics settings: 10 s public max-age, compression on, no manifest, no metrics token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ CACHE_PUBLIC_MAX_AGE: 10, COMPRESSION: true, TRUSTED_DOCUMENTS_ONLY: false });
    expect(config.TRUSTED_DOCUMENTS).toBeUndefined();
    expect(config.METRICS_TOKEN).toBeUndefined();
    const set = loadConfig({ TRUSTED_DOCUMENTS: 'docs.json', TRUSTED_DOCUMENTS_ONLY: 'true', METRICS_TOKEN: 'x'.repeat(24), COMPRESSION: 'false' });
    expect(set).toMatchObject({ TRUSTED_DOCUMENTS: 'docs.json', TRUSTED_DOCUMENTS_ONLY: true, METRICS_TOKEN: 'x'.repeat(24), COMPRESSION: false });
  });

  it('reads TRUST_PROXY as Fastify takes it: off by default, true, or addresses and CIDR blocks', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', 'loopback']);
  });

  it('gives the documented defaults for live updates', () => {
    const config = loadConfig({});
    expect([config.LIVE_UPDATES, config.LIVE_MAX_CONNECTIONS_PER_KEY, config.LIVE_HEARTBEAT_MS, config.LIVE_MAX_BUFFERED_BYTES]).toEqual([
      true,
      20,
      30000,
      4194304,
    ]);
    expect(loadConfig({ LIVE_UPDATES: 'false' }).LIVE_UPDATES).toBe(false);
  });

  it('gives a 30 s request timeout by default', () => {
    expect(loadConfig({}).REQUEST_TIMEOUT_MS).toBe(30000);
  });

  it('reads GRAPHQL_INTROSPECTION as true, false or authenticated, defaulting by NODE_ENV', () => {
    expect(loadConfig({}).introspection).toBe('all');
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe('none');
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe('all');
    expect(loadConfig({ GRAPHQL_INTROSPECTION: '0' }).introspection).toBe('none');
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'Authenticated' }).introspection).toBe('authenticated');
    for (const bad of ['yes', 'auth', 'keyed']) {
      expect(() => loadConfig({ GRAPHQL_INTROSPECTION: bad })).toThrow(/GRAPHQL_INTROSPECTION must be true, false or authenticated/);
    }
  });
});
