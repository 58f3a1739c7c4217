import { Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MetricsService } from '../metrics/metrics.service';
import { ProgressModule } from '../progress/progress.module';
import { LiveConnections } from './live-connections';
import { LiveEvents } from './live-events.service';
import { LiveResolver } from './live.resolver';
import { NoticesModule } from '../notices/notices.module';

/**
 * Live updates: GraphQL subscriptions (taskChanged, progressChanged) over graphql-transport-ws on /graphql, fed by the
 * NOTIFY every task change sends in its own transaction. LiveConnections gives Mercurius its subscription options.
 */
@Module({
  imports: [AuthModule, ProgressModule, MetricsModule, NoticesModule],
  providers: [LiveEvents, LiveConnections, LiveResolver],
  exports: [LiveConnections, LiveEvents],
})
export class LiveModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly events: LiveEvents,
  ) {}

  /** /metrics reads the open subscriptions from here. */
  onModuleInit() {
    this.metrics.countOpenSubscriptions(() => this.events.openSubscriptions());
  }
}
