import { badInput } from './errors/domain.exception';

/** Parses a GraphQL ID of an integer-keyed record; anything else is BAD_USER_INPUT. */
export function parseId(id: string, field = 'id'): number {
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2147483647) throw badInput(field, 'is not a valid id');
  return Number(id);
}
