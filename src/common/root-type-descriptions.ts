import { GraphQLSchema } from 'graphql';

// @nestjs/graphql builds Query, Mutation and Subscription without a way to describe them; the schema's other types carry
// their descriptions in their decorators.
const ROOT_DESCRIPTIONS = {
  Query:
    'Reads: plans with their areas, tasks and indicators, the regions, progress computed from the tasks beside the completion reported by evaluations, and API keys (ADMIN).',
  Mutation: "Writes: task updates and indicator readings (ADMIN, or an EDITOR of the task's lead region), the catalogue, imports and API keys (ADMIN).",
  Subscription:
    "Live updates over WebSocket (graphql-transport-ws on /graphql): task changes and a plan's progress as they commit, for every role that may read them.",
};

/** Gives the root operation types their descriptions (in place; returns the schema). */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type && type.name in ROOT_DESCRIPTIONS) type.description = ROOT_DESCRIPTIONS[type.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}
