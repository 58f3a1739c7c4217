import { DomainException } from '../errors/domain.exception';
import { decodeCursor, encodeCursor } from './cursor';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64url');

/** The error decodeCursor throws, or null when it does not throw. */
function rejection(fn: () => unknown): DomainException | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err as DomainException;
  }
}

describe('encodeCursor / decodeCursor', () => {
  it.each([
    ['a text key', 'T01'],
    ['a date key', '2024-06-30'],
    ['a timestamp key', '2025-01-01 00:00:03.123+00'],
    ['a number key', 42],
    ['a null key', null],
    ['a key with non-ASCII text and quotes', '长三角 "x" \\ /'],
  ])('round-trips %s', (_what, key) => {
    const pos = { order: 'CODE_ASC', key, id: 17 };
    const cursor = encodeCursor(pos);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'CODE_ASC')).toEqual(pos);
  });

  it('round-trips the largest id', () => {
    const pos = { order: 'X', key: 'k', id: Number.MAX_SAFE_INTEGER };
    expect(decodeCursor(encodeCursor(pos), 'X')).toEqual(pos);
  });

  it('refuses a cursor of another order', () => {
    const cursor = encodeCursor({ order: 'CODE_ASC', key: 'T01', id: 1 });
    const err = rejection(() => decodeCursor(cursor, 'CODE_DESC'));
    expect(err).toBeInstanceOf(DomainException);
    expect(err?.code).toBe('BAD_USER_INPUT');
    expect(err?.details).toEqual({ field: 'after' });
  });

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['a cursor over 512 characters', 'A'.repeat(513)],
    ['base64 of no JSON', b64('not json')],
    ['a JSON object', b64({ order: 'O', key: 'k', id: 1 })],
    ['too short an array', b64(['O', 'k'])],
    ['too long an array', b64(['O', 'k', 1, 2])],
    ['a string id', b64(['O', 'k', '1'])],
    ['a zero id', b64(['O', 'k', 0])],
    ['a negative id', b64(['O', 'k', -3])],
    ['a fractional id', b64(['O', 'k', 1.5])],
    ['an unsafe integer id', b64(['O', 'k', 2 ** 53 + 2])],
    ['an object key', b64(['O', { a: 1 }, 1])],
    ['an array key', b64(['O', [1], 1])],
    ['a boolean key', b64(['O', true, 1])],
    ['a key over 256 characters', b64(['O', 'k'.repeat(257), 1])],
  ])('refuses %s as BAD_USER_INPUT', (_what, cursor) => {
    expect(rejection(() => decodeCursor(cursor, 'O'))?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts a key of 256 characters, the longest allowed', () => {
    const key = 'k'.repeat(256);
    const cursor = encodeCursor({ order: 'O', key, id: 1 });
    expect(cursor.length).toBeLessThanOrEqual(512);
    expect(decodeCursor(cursor, 'O').key).toBe(key);
  });

  it('asks the caller whether the key has the right shape', () => {
    const cursor = encodeCursor({ order: 'O', key: 'yesterday', id: 1 });
    const isDate = (key: unknown) => typeof key === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key);
    expect(rejection(() => decodeCursor(cursor, 'O', isDate))?.code).toBe('BAD_USER_INPUT');
    expect(decodeCursor(encodeCursor({ order: 'O', key: '2024-01-01', id: 1 }), 'O', isDate).key).toBe('2024-01-01');
  });
});
