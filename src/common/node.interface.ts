import { Field, ID, InterfaceType } from '@nestjs/graphql';
import { NodeTypeName } from './global-id';

/** Marks a value the node query found with its GraphQL type (Node's resolveType reads it). */
export const NODE_TYPE = Symbol('nodeType');

/** Relay's Node: every object with an id implements it; node(id:) and nodes(ids:) fetch any of them. */
@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque id (Relay Global Object Identification); fetch it with node(id:).',
  resolveType: (value: { [NODE_TYPE]?: NodeTypeName }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique and opaque: the same record always has the same id.' })
  id: string;
}
