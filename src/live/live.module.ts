import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProgressService } from '../progress/progress.service';
import { LiveConnections } from './live-connections';
import { LiveEvents } from './live-events.service';
import { LiveResolver } from './live.resolver';
import { NoticeListener } from './notice-listener';

/**
 * Live updates: GraphQL subscriptions (taskChanged, progressChanged) over graphql-transport-ws on /graphql, fed by the
 * NOTIFY every task change sends in its own transaction. LiveConnections gives Mercurius its subscription options.
 */
@Module({
  imports: [AuthModule],
  providers: [NoticeListener, LiveEvents, LiveConnections, LiveResolver, ProgressService],
  exports: [LiveConnections, LiveEvents],
})
export class LiveModule {}
