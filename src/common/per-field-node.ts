import { GraphQLResolveInfo } from 'graphql';

// request (its coerced variables object, one per execution) → field node → what was worked out for it
const kept = new WeakMap<object, Map<string, WeakMap<object, unknown>>>();

/**
 * What a nested field works out from its arguments and selection, made once per request and field node. A nested
 * connection (`Area.tasks` under every area of every plan, `Task.history` under each task of a page) is resolved once
 * per parent with the same arguments and the same selection: in one request, a field node's arguments depend only on
 * the document and the variables, so the outcome of `make` does too. `kind` keeps apart what different callers keep
 * for one node. Kept in weak maps: gone with the request.
 */
export function perFieldNode<T>(info: GraphQLResolveInfo, kind: string, make: () => T): T {
  let byKind = kept.get(info.variableValues);
  if (!byKind) kept.set(info.variableValues, (byKind = new Map()));
  let byNode = byKind.get(kind);
  if (!byNode) byKind.set(kind, (byNode = new WeakMap()));
  const node = info.fieldNodes[0];
  if (byNode.has(node)) return byNode.get(node) as T;
  const made = make();
  byNode.set(node, made);
  return made;
}
