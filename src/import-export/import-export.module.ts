import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { FastifyInstance } from 'fastify';
import { TaskUpdatesModule } from '../task-updates/task-updates.module';
import { HistoryExportModule } from './history-export.module';
import { ImportTasksResolver } from './import-tasks.resolver';
import { TaskExportController } from './task-export.controller';
import { TaskExportService } from './task-export.service';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';

/** CSV/JSON export and import of a plan's task list: REST downloads, an upload route, a mutation (history and readings: HistoryExportModule). */
@Module({
  imports: [TaskUpdatesModule, HistoryExportModule],
  controllers: [TaskExportController, TaskImportController],
  providers: [TaskExportService, TaskImportService, ImportTasksResolver],
})
export class ImportExportModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Multipart parsing for POST /import/tasks; limits are set per request by the route. */
  async onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasRequestDecorator('isMultipart')) return;
    await fastify.register(multipart);
  }
}
