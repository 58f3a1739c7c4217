import { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { ConnectionIncludes } from './tasks.sql';

const children = (tree: ResolveTree): ResolveTree[] => Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));

/** True when a connection field's selection asks for `totalCount` (aliases and fragments included). */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  return !tree || children(tree).some((f) => f.name === 'totalCount');
}

/** Which relations a task connection's `edges { node { … } }` asks for, and whether it asks for the total. */
export function pageIncludes(info: GraphQLResolveInfo): ConnectionIncludes {
  const tree = parseResolveInfo(info) as ResolveTree | null;
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
    latestUpdate: nodeFields.has('latestUpdate'),
    indicators: nodeFields.has('indicators'),
    totalCount: children(tree).some((f) => f.name === 'totalCount'),
  };
}
