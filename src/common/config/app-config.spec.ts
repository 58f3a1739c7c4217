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
  ])('stops on %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
