import { Module } from '@nestjs/common';
import { TaskUpdatesModule } from '../task-updates/task-updates.module';

/** CSV/JSON export and import of a plan's task list. */
@Module({
  imports: [TaskUpdatesModule],
  providers: [],
})
export class ImportExportModule {}
