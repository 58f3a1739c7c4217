import { Module } from '@nestjs/common';
import { AreaTasksResolver } from './area-tasks.resolver';
import { PlanTasksResolver } from './plan-tasks.resolver';
import { TasksResolver } from './tasks.resolver';
import { TasksService } from './tasks.service';

/** Task reads: pages and filters (Query.tasks, Area.tasks), a task and its relations, task counts. */
@Module({
  providers: [TasksService, TasksResolver, AreaTasksResolver, PlanTasksResolver],
})
export class TasksModule {}
