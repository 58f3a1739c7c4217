import { DocumentNode, GraphQLError, GraphQLSchema, specifiedRules, validate } from 'graphql';
import { IntrospectionAccess } from '../common/config/app-config';
import { checkCost, checkDocument, limitRules } from '../common/graphql-limits';

/**
 * Mercurius hooks that hold a subscription to the limits of a query (tokens, depth, aliases, directives, cost).
 * graphql-js's subscribe() does not validate a document at all, so the specified rules run here too.
 */
export function subscriptionLimitHooks(opts: { introspection: IntrospectionAccess }) {
  const rules = [...specifiedRules, ...limitRules(opts)];
  return {
    preSubscriptionParsing: [async (_schema: GraphQLSchema, source: string) => checkDocument(source)],
    preSubscriptionExecution: [
      async (schema: GraphQLSchema, document: DocumentNode) => {
        const [first] = validate(schema, document, rules);
        if (first) throw first instanceof GraphQLError ? first : new GraphQLError(String(first));
        checkCost(schema, document, undefined, null);
      },
    ],
  };
}
