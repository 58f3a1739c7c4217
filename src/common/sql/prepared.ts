// Named prepared statements for the hot queries. PostgreSQL then parses and plans a statement once per connection
// instead of on every request (the 60-line progress aggregate took 0.5–7 ms to plan). Only texts registered here
// are prepared, and at most MAX_TEXTS of them, so a connection never accumulates an unbounded set.
import { createHash } from 'node:crypto';

const MAX_TEXTS = 300;
const names = new Map<string, string>();

/** Marks a SQL text as worth preparing and returns it unchanged. */
export function prepared(sql: string): string {
  if (!names.has(sql) && names.size < MAX_TEXTS) names.set(sql, `apt_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`);
  return sql;
}

/** The statement name for a registered text, or undefined. */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}
