import { DocumentNode, GraphQLError, GraphQLSchema, specifiedRules, validate } from 'graphql';
import { IntrospectionAccess } from '../common/config/app-config';
import { checkCost, checkDocument, limitRules } from '../common/graphql-limits';
import type { LiveContext } from './live-connections';

// Validation outcome per subscription source: many dashboards subscribe with the same few documents, and Mercurius
// parses each subscribe anew (a new DocumentNode every time), so the source text is the key.
const CACHE_MAX = 1000;
const validated = new Map<string, GraphQLError | null>();

/**
 * Mercurius hooks that hold a subscription to the limits of a query (tokens, depth, aliases, directives, cost with
 * its variables). graphql-js's subscribe() does not validate a document at all, so the specified rules run here too.
 */
export function subscriptionLimitHooks(opts: { introspection: IntrospectionAccess }) {
  const rules = [...specifiedRules, ...limitRules(opts)];
  return {
    preSubscriptionParsing: [async (_schema: GraphQLSchema, source: string) => checkDocument(source)],
    preSubscriptionExecution: [
      async (schema: GraphQLSchema, document: DocumentNode, context: object, id: string | number) => {
        const operation = (context as LiveContext).live?.operations.get(String(id));
        const source = typeof operation?.query === 'string' ? operation.query : null;
        let error = source === null ? undefined : validated.get(source);
        if (error === undefined) {
          error = validate(schema, document, rules)[0] ?? null;
          if (source !== null) {
            if (validated.size >= CACHE_MAX) validated.clear();
            validated.set(source, error);
          }
        }
        if (error) throw error;
        const operationName = typeof operation?.operationName === 'string' ? operation.operationName : null;
        checkCost(schema, document, operation?.variables ?? undefined, operationName);
      },
    ],
  };
}
