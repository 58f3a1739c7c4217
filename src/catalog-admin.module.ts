import { Module } from '@nestjs/common';
import { TaskUpdatesModule } from './task-updates/task-updates.module';

/** Admin writes to the catalogue (plans, areas, tasks, evaluations) and indicator readings. */
@Module({
  imports: [TaskUpdatesModule],
  providers: [],
})
export class CatalogAdminModule {}
