import { badInput } from '../errors/domain.exception';

/** The position of a row in an ordered list: the order's name, the sort key and the row id. */
export interface CursorPosition {
  order: string;
  key: string | number | null;
  id: number;
}

/** Opaque, URL-safe cursor. */
export function encodeCursor(pos: CursorPosition): string {
  return Buffer.from(JSON.stringify([pos.order, pos.key, pos.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor for the same order; anything else is BAD_USER_INPUT. `isKey` checks
 * the sort key's shape, so a tampered key never reaches SQL (where "yesterday" would pass as a date).
 */
export function decodeCursor(
  cursor: string,
  order: string,
  isKey?: (key: string | number | null) => boolean,
  field: 'after' | 'before' = 'after',
): CursorPosition {
  const invalid = () => badInput(field, 'is not a cursor from this list (was the order changed?)');
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [o, key, id] = parsed as unknown[];
  if (o !== order || !Number.isSafeInteger(id) || (id as number) < 1) throw invalid();
  if (key !== null && typeof key !== 'string' && typeof key !== 'number') throw invalid();
  if (typeof key === 'string' && key.length > 256) throw invalid();
  if (isKey && !isKey(key as string | number | null)) throw invalid();
  return { order, key: key as string | number | null, id: id as number };
}
