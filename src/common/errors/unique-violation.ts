import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code.enum';

/**
 * Turns a unique-key violation (SQLSTATE 23505) into CONFLICT naming the input field behind the key;
 * `fields` maps column names to field names. Anything else is rethrown untouched.
 */
export function conflictOnUnique(err: unknown, what: string, fields: Record<string, string>): never {
  const e = err as { code?: string; detail?: string; constraint?: string };
  if (e?.code !== '23505') throw err;
  const columns = /^Key \(([^)]*)\)=/.exec(e.detail ?? '')?.[1].split(',').map((c) => c.trim().replace(/"/g, '')) ?? [];
  const column = columns.find((c) => fields[c]);
  const field = column ? fields[column] : Object.values(fields)[0];
  throw new DomainException(ErrorCode.CONFLICT, `${field}: another ${what} already has this ${field}`, { field });
}
