import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code.enum';

/**
 * Turns a unique-key violation (SQLSTATE 23505) into CONFLICT naming the input field behind the key;
 * `fields` maps column names to field names. Anything else is rethrown untouched.
 */
export function conflictOnUnique(err: unknown, what: string, fields: Record<string, string>): never {
  const e = err as { code?: string; detail?: string; constraint?: string };
  if (e?.code !== '23505') throw err;
  // The key as PostgreSQL names it: `Key (plan_id, code)=(…)`, or for an index on an expression
  // `Key (plan_id, lower(code::text))=(…)`; each part is reduced to the column it reads.
  const key = /^Key \((.*?)\)=\(/.exec(e.detail ?? '')?.[1] ?? '';
  const columns = key.split(',').map((c) =>
    c
      .trim()
      .replace(/"/g, '')
      .replace(/^\w+\((\w+)(::[\w ]+)?\)$/, '$1'),
  );
  const column = columns.find((c) => fields[c]);
  const field = column ? fields[column] : Object.values(fields)[0];
  throw new DomainException(ErrorCode.CONFLICT, `${field}: another ${what} already has this ${field}`, { field });
}
