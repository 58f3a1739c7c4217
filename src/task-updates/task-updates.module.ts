import { Module } from '@nestjs/common';
import { TaskHistoryService } from './task-history.service';
import { TaskHistoryResolver, TaskUpdateFieldsResolver } from './task-updates.resolver';
import { TaskUpdatesService } from './task-updates.service';
import { TaskWriter } from './task-writer';
import { TasksAdminResolver } from './tasks-admin.resolver';
import { TasksAdminService } from './tasks-admin.service';

/**
 * Every change to a task and its history: recordTaskUpdate, createTask/updateTask/archiveTask, the rules that decide
 * a change (task-change.rules.ts), TaskWriter (the one write path, also the import's), Task.history and latestUpdate.
 */
@Module({
  providers: [TaskWriter, TaskUpdatesService, TaskHistoryService, TaskHistoryResolver, TaskUpdateFieldsResolver, TasksAdminService, TasksAdminResolver],
  exports: [TaskWriter],
})
export class TaskUpdatesModule {}
