import { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { perFieldNode } from '../common/per-field-node';
import { taskPageRelations } from './task-page-relations';
import { ConnectionIncludes } from './tasks.sql';

const children = (tree: ResolveTree): ResolveTree[] => Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));

// A nested connection is resolved once per parent (100 times under a page, 468 times under every plan's areas), always
// with the same selection: the parsed selection and what is read from it are kept per request and field node.
const selection = (info: GraphQLResolveInfo): ResolveTree | null => perFieldNode(info, 'selection', () => parseResolveInfo(info) as ResolveTree | null);

/** True when a connection field's selection asks for `totalCount` (aliases and fragments included). */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const tree = selection(info);
  return !tree || children(tree).some((f) => f.name === 'totalCount');
}

/** Which registered relations (task-page-relations.ts) a task connection's `edges { node { … } }` asks for, and whether it asks for the total. */
export function pageIncludes(info: GraphQLResolveInfo): ConnectionIncludes {
  return perFieldNode(info, 'pageIncludes', () => includesOf(selection(info)));
}

function includesOf(tree: ResolveTree | null): ConnectionIncludes {
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
