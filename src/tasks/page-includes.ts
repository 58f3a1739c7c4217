import { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { PageIncludes } from './tasks.sql';

const children = (tree: ResolveTree): ResolveTree[] => Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));

/** Which relations a task connection's `edges { node { … } }` asks for (aliases and fragments included). */
export function pageIncludes(info: GraphQLResolveInfo): PageIncludes {
  const tree = parseResolveInfo(info) as ResolveTree | null;
  if (!tree) return {};
  const nodeFields = new Set(
    children(tree)
      .filter((f) => f.name === 'edges')
      .flatMap(children)
      .filter((f) => f.name === 'node')
      .flatMap(children)
      .map((f) => f.name),
  );
  return { latestUpdate: nodeFields.has('latestUpdate'), indicators: nodeFields.has('indicators') };
}
