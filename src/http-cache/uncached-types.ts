import { DocumentNode, getNamedType, GraphQLSchema, TypeInfo, visit, visitWithTypeInfo } from 'graphql';

/**
 * Types whose values change without a data version bump: an API key's `lastUsedAt` moves as it is used (and
 * api_key carries no version trigger). An answer that reads them is never tagged, so never answered 304.
 */
export const UNVERSIONED_TYPES = new Set(['ApiKey']);

const seen = new WeakMap<DocumentNode, boolean>();

/** Whether the document selects a field of, or returning, an unversioned type. Mercurius reuses parsed documents: memoised. */
export function readsUnversionedType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const known = seen.get(document);
  if (known !== undefined) return known;
  const info = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(info, {
      Field() {
        const parent = info.getParentType();
        const type = info.getType();
        if ((parent && UNVERSIONED_TYPES.has(parent.name)) || (type && UNVERSIONED_TYPES.has(getNamedType(type).name))) found = true;
      },
      InlineFragment() {
        const type = info.getType();
        if (type && UNVERSIONED_TYPES.has(getNamedType(type).name)) found = true;
      },
    }),
  );
  seen.set(document, found);
  return found;
}
