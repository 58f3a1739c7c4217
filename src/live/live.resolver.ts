import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { UseFilters } from '@nestjs/common';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { badInput } from '../common/errors/domain.exception';
import { AreaProgress } from '../progress/progress.types';
import { ProgressChangedArgs, TaskChangedArgs } from './dto/task-changed.args';
import { LiveContext } from './live-connections';
import { LiveErrorFilter } from './live-error.filter';
import { LiveEvent, LiveEvents } from './live-events.service';
import { TaskChangeType } from './task-change.type';

/** Each event resolves its fields through the loaders of its burst (shared by every subscriber, fresh per burst). */
function deliver<T>(event: LiveEvent<T>, _args: unknown, ctx: LiveContext): T {
  ctx.loaders = event.loaders;
  return event.value;
}

function connectionOf(ctx: LiveContext) {
  if (!ctx.live) throw badInput('operation', 'subscriptions are served over WebSocket (graphql-transport-ws) on /graphql');
  return ctx.live;
}

@Resolver()
@Roles(...READ_ROLES)
@UseFilters(LiveErrorFilter)
export class LiveResolver {
  constructor(private readonly live: LiveEvents) {}

  @Subscription(() => TaskChangeType, {
    description:
      "Every change to the plan's tasks (of one area, when areaCode is given) once it has committed: an update, an admin edit, an imported row. Over WebSocket (graphql-transport-ws).",
    resolve: deliver,
  })
  taskChanged(@Args() args: TaskChangedArgs, @Context() ctx: LiveContext) {
    return this.live.subscribeTasks(args.planCode, args.areaCode ?? null, connectionOf(ctx));
  }

  @Subscription(() => [AreaProgress], {
    description:
      "The plan's progress by area (as progressByArea answers it) after its tasks change; changes within a quarter of a second give one answer. Over WebSocket (graphql-transport-ws).",
    resolve: deliver,
  })
  progressChanged(@Args() args: ProgressChangedArgs, @Context() ctx: LiveContext) {
    return this.live.subscribeProgress(args.planCode, connectionOf(ctx));
  }
}
