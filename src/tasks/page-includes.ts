import { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { taskPageRelations } from './task-page-relations';
import { ConnectionIncludes } from './tasks.sql';

const children = (tree: ResolveTree): ResolveTree[] => Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));

// A nested connection is resolved once per parent (100 times under a page), always with the same selection: the
// parsed selection is kept per request (its variables object) and field node, so it is parsed once.
const parsed = new WeakMap<object, WeakMap<object, ResolveTree | null>>();

function selection(info: GraphQLResolveInfo): ResolveTree | null {
  let byNode = parsed.get(info.variableValues);
  if (!byNode) parsed.set(info.variableValues, (byNode = new WeakMap()));
  let tree = byNode.get(info.fieldNodes[0]);
  if (tree === undefined) byNode.set(info.fieldNodes[0], (tree = parseResolveInfo(info) as ResolveTree | null));
  return tree;
}

/** True when a connection field's selection asks for `totalCount` (aliases and fragments included). */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const tree = selection(info);
  return !tree || children(tree).some((f) => f.name === 'totalCount');
}

/** Which registered relations (task-page-relations.ts) a task connection's `edges { node { … } }` asks for, and whether it asks for the total. */
export function pageIncludes(info: GraphQLResolveInfo): ConnectionIncludes {
  const tree = selection(info);
  if (!tree) return { totalCount: true };
  const nodeFields = new Set(
    children(tree)
      .filter((f) => f.name === 'edges')
      .flatMap(children)
      .filter((f) => f.name === 'node')
      .flatMap(children)
      .map((f) => f.name),
  );
  return {
    ...Object.fromEntries(taskPageRelations().map((relation) => [relation.field, nodeFields.has(relation.field)])),
    totalCount: children(tree).some((f) => f.name === 'totalCount'),
    rows: children(tree).some((f) => f.name === 'edges' || f.name === 'pageInfo'),
  };
}
