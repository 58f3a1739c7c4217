// Global object ids: base64url of "Type:key", unique across types (Relay's Global Object Identification).
// Pure functions, no Nest: the schema transform, the inputs and the node query all use this one codec.
import { badInput } from './errors/domain.exception';

/** The object types that have an id, each with the shape of its database key. */
export const NODE_KEYS = {
  Plan: 'int',
  Area: 'int',
  Task: 'int',
  TaskUpdate: 'bigint',
  Indicator: 'int',
  IndicatorReading: 'bigint',
  Evaluation: 'int',
  Source: 'int',
  Region: 'code',
  ApiKey: 'uuid',
} as const;

export type NodeTypeName = keyof typeof NODE_KEYS;

const KEY_SHAPES: Record<(typeof NODE_KEYS)[NodeTypeName], (key: string) => boolean> = {
  int: (key) => /^[1-9]\d{0,9}$/.test(key) && Number(key) <= 2147483647,
  bigint: (key) => /^[1-9]\d{0,18}$/.test(key) && BigInt(key) <= 9223372036854775807n,
  code: (key) => /^[A-Z]{2,8}$/.test(key),
  uuid: (key) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key),
};

export const isNodeType = (type: string): type is NodeTypeName => Object.hasOwn(NODE_KEYS, type);

/** The opaque id of a record: base64url("Task:7"). */
export function toGlobalId(type: NodeTypeName, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/** Type and key of a global id, or null when it is not one of ours (malformed, unknown type, or a key of the wrong shape). */
export function fromGlobalId(id: string): { type: NodeTypeName; key: string } | null {
  if (typeof id !== 'string' || id.length > 80 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) return null;
  const type = text.slice(0, colon);
  const key = text.slice(colon + 1);
  if (!isNodeType(type) || !KEY_SHAPES[NODE_KEYS[type]](key)) return null;
  // Only the canonical spelling: one record, one id (base64url has padding-free aliases for trailing bits).
  return toGlobalId(type, key) === id ? { type, key } : null;
}

/** The key of a global id of `type`; a malformed id, or an id of another type, is BAD_USER_INPUT naming `field`. */
export function globalIdKey(id: string, type: NodeTypeName, field: string): string {
  const parsed = fromGlobalId(id);
  if (!parsed) throw badInput(field, 'is not a valid id');
  if (parsed.type !== type) throw badInput(field, `is the id of a ${parsed.type}, not of a ${type}`);
  return parsed.key;
}
