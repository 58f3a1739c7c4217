import { ResolveField, Resolver } from '@nestjs/graphql';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { GraphQLContext } from '../common/graphql-context';
import { TaskType } from '../tasks/task.type';
import { IndicatorLoaders } from './indicator.loaders';
import { IndicatorType } from './indicator.type';
import { TASK_INDICATORS_ON_PAGE } from './task-indicators.sql';

/** Task.indicators, beside the indicators it lists; a task page may have carried them already (task-indicators.sql.ts). */
@Resolver(() => TaskType)
@Roles(...READ_ROLES)
export class TaskIndicatorsResolver {
  @ResolveField(() => [IndicatorType], { description: 'Indicators that measure this task, by code.' })
  indicators(task: TaskType, _args: unknown, ctx: GraphQLContext) {
    return TASK_INDICATORS_ON_PAGE.prefetched(task) ?? ctx.loaders.of(IndicatorLoaders).indicatorsByTask.load(task.id);
  }
}
