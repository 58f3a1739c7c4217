import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether the Authorization header carries exactly this token (compared in constant time). */
export function carriesToken(header: string | string[] | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), digest(token));
}
