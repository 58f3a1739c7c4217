import { Readable } from 'node:stream';
import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { badInput } from '../common/errors/domain.exception';
import { ImportFormat } from './import-format';
import { RestErrorFilter } from './rest-error.filter';
import { ExportFile, TaskExportService } from './task-export.service';

/** The plan code from ?plan=; missing, repeated or blank is BAD_USER_INPUT. */
function planParam(plan: unknown): string {
  if (typeof plan !== 'string' || plan.trim() === '') throw badInput('plan', 'give the plan code once, as ?plan=CODE');
  if (plan.length > 64) throw badInput('plan', 'must be at most 64 characters');
  return plan.trim();
}

/** Downloads of a plan's tasks in the exchange format that importTasks and POST /import/tasks read. */
@Controller('export')
@UseFilters(RestErrorFilter)
@Roles(Role.ANALYST, Role.ADMIN)
export class TaskExportController {
  constructor(private readonly exports: TaskExportService) {}

  @Get('tasks.csv')
  async csv(@Query('plan') plan: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return send(reply, await this.exports.export(planParam(plan), ImportFormat.CSV));
  }

  @Get('tasks.json')
  async json(@Query('plan') plan: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return send(reply, await this.exports.export(planParam(plan), ImportFormat.JSON));
  }
}

function send(reply: FastifyReply, file: ExportFile): Readable {
  void reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('cache-control', 'no-store');
  return file.body;
}
