import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { Principal } from '../common/graphql-context';
import { Node } from '../common/node.interface';
import { MAX_NODE_IDS, NodeService } from './node.service';

@Resolver(() => Node)
@Roles(...READ_ROLES)
export class NodeResolver {
  constructor(private readonly nodeService: NodeService) {}

  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when no such record exists.' })
  async node(@Args('id', { type: () => ID, description: 'A global id (the `id` of any object).' }) id: string, @CurrentPrincipal() principal: Principal) {
    const [found] = await this.nodeService.nodes([id], principal.role);
    if (found instanceof Error) throw found;
    return found;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Objects by their global ids, in order (at most ${MAX_NODE_IDS}); an entry that cannot be read is null with its own error.`,
  })
  nodes(@Args('ids', { type: () => [ID], description: 'Global ids, at most 100.' }) ids: string[], @CurrentPrincipal() principal: Principal) {
    return this.nodeService.nodes(ids, principal.role);
  }
}
