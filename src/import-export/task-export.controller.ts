import { Readable } from 'node:stream';
import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { ImportFormat } from './import-format';
import { RestErrorFilter } from './rest-error.filter';
import { planParam, sendExportFile } from './export-download';
import { TaskExportService } from './task-export.service';

/** Downloads of a plan's tasks in the exchange format that importTasks and POST /import/tasks read. */
@Controller('export')
@UseFilters(RestErrorFilter)
@Roles(Role.ANALYST, Role.ADMIN)
export class TaskExportController {
  constructor(private readonly exports: TaskExportService) {}

  @Get('tasks.csv')
  async csv(@Query('plan') plan: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), ImportFormat.CSV));
  }

  @Get('tasks.json')
  async json(@Query('plan') plan: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), ImportFormat.JSON));
  }
}
