import { globalIdKey, NodeTypeName } from './global-id';

/** The integer key of a global id of `type` (Task, Area, …); anything else is BAD_USER_INPUT naming `field`. */
export function parseId(id: string, type: Exclude<NodeTypeName, 'ApiKey' | 'Region'>, field = 'id'): number {
  return Number(globalIdKey(id, type, field));
}
