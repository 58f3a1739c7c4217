import { Module } from '@nestjs/common';
import { TaskHistoryService } from './task-history.service';
import { TaskHistoryResolver, TaskUpdateFieldsResolver } from './task-updates.resolver';
import { TaskUpdatesService } from './task-updates.service';
import { TaskWriter } from './task-writer';

@Module({
  providers: [TaskWriter, TaskUpdatesService, TaskHistoryService, TaskHistoryResolver, TaskUpdateFieldsResolver],
  exports: [TaskWriter, TaskUpdatesService],
})
export class TaskUpdatesModule {}
