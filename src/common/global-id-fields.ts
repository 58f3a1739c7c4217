import { GraphQLSchema, isObjectType } from 'graphql';
import { isNodeType, toGlobalId } from './global-id';

// The record key each Node type's id is made from (Region is keyed by its code).
const KEY_PROPERTY: Record<string, string> = { Region: 'code' };

/**
 * Schema transform (once at start-up): the `id` of every object type that implements Node answers the global id made
 * from the record's key, so resolvers and services keep working with database keys.
 */
export function encodeGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const name = type.name;
    if (!isNodeType(name)) throw new Error(`${name} implements Node but global-id.ts has no key shape for it`);
    const property = KEY_PROPERTY[name] ?? 'id';
    type.getFields().id.resolve = (source: Record<string, string | number>) => toGlobalId(name, source[property]);
  }
  return schema;
}
