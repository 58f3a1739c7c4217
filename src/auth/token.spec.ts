import { bearerToken, hashToken, newToken, tokenPrefix } from './token';

describe('newToken', () => {
  it('makes a prefixed, URL-safe token of 256 random bits', () => {
    const token = newToken();
    expect(token).toMatch(/^apt_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
  });

  it('never makes the same token twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, newToken));
    expect(tokens.size).toBe(200);
  });

  it('makes tokens the Authorization header parser accepts', () => {
    const token = newToken();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
  });
});

describe('hashToken', () => {
  it('is the hex SHA-256 of the token', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('tells tokens apart and is stable', () => {
    const token = newToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(`${token}x`));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('tokenPrefix', () => {
  it('keeps the first ten characters, too few to guess the rest', () => {
    expect(tokenPrefix('apt_abcdefghijklmnop')).toBe('apt_abcdef');
  });
});

describe('bearerToken', () => {
  const token = 'apt_0123456789abcdef';

  it('is undefined when there is no header', () => {
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it.each([
    [`Bearer ${token}`, token],
    [`bearer ${token}`, token],
    [`Bearer   ${token}  `, token],
    [['Bearer a.b~c+d/e=f-g_h123', 'Bearer other-token-0000000'], 'a.b~c+d/e=f-g_h123'],
    [`Bearer ${'x'.repeat(512)}`, 'x'.repeat(512)],
  ])('takes the token from %p', (header, want) => {
    expect(bearerToken(header)).toBe(want);
  });

  it.each([
    ['', 'empty'],
    ['Bearer', 'no token'],
    ['Bearer short', 'under 16 characters'],
    [`Basic ${token}`, 'another scheme'],
    [token, 'no scheme'],
    [`Bearer ${token} extra`, 'two tokens'],
    [`Bearer ${token}\n`.replace('\n', '\u0000'), 'a control character'],
    [`Bearer ${'x'.repeat(513)}`, 'over 512 characters'],
    ['Bearer tökenwithumlauts12345', 'characters outside the token alphabet'],
  ])('is null for a malformed header: %p (%s)', (header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
