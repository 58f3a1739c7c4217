import { Module } from '@nestjs/common';
import { NodeResolver } from './node.resolver';
import { NodeService } from './node.service';

/** node(id:) and nodes(ids:): any record by its global id. */
@Module({
  providers: [NodeService, NodeResolver],
})
export class NodeModule {}
