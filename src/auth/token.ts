import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'apt_';

/** A new API token: 256 random bits, URL-safe. Shown once, never stored. */
export function newToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored: the SHA-256 of the token (a high-entropy secret needs no slow hash). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters, to tell keys apart in listings. */
export function tokenPrefix(token: string): string {
  return token.slice(0, 10);
}

/** The token from an Authorization header: "Bearer <token>"; undefined when absent, null when malformed. */
export function bearerToken(header: string | string[] | undefined): string | undefined | null {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,512})\s*$/i.exec(value ?? '');
  return m ? m[1] : null;
}
