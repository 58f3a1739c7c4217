import { GraphQLSchema, printSchema } from 'graphql';

const HEADER =
  '# ------------------------------------------------------\n# THIS FILE WAS AUTOMATICALLY GENERATED (DO NOT MODIFY)\n# Run `npm run build && npm run schema` after changing a GraphQL type.\n# ------------------------------------------------------\n\n';

/** The text of schema.gql for a schema. */
export function schemaFileText(schema: GraphQLSchema): string {
  return HEADER + printSchema(schema) + '\n';
}
