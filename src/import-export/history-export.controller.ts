import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { READ_ROLES, Roles } from '../auth/roles.decorator';
import { HistoryExportService, HistoryKind } from './history-export.service';
import { ImportFormat } from './import-format';
import { RestErrorFilter } from './rest-error.filter';
import { planParam, sendExportFile } from './export-download';

/**
 * Downloads of a plan's task history and indicator readings for analysts (CSV for a spreadsheet, JSON for pandas),
 * open to every reading role; notes, evidence and authors only for the roles that may read them.
 */
@Controller('export')
@UseFilters(RestErrorFilter)
@Roles(...READ_ROLES)
export class HistoryExportController {
  constructor(private readonly exports: HistoryExportService) {}

  @Get('history.csv')
  async historyCsv(@Query('plan') plan: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), HistoryKind.HISTORY, ImportFormat.CSV, req.principal?.role));
  }

  @Get('history.json')
  async historyJson(@Query('plan') plan: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), HistoryKind.HISTORY, ImportFormat.JSON, req.principal?.role));
  }

  @Get('readings.csv')
  async readingsCsv(@Query('plan') plan: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), HistoryKind.READINGS, ImportFormat.CSV, req.principal?.role));
  }

  @Get('readings.json')
  async readingsJson(@Query('plan') plan: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    return sendExportFile(reply, await this.exports.export(planParam(plan), HistoryKind.READINGS, ImportFormat.JSON, req.principal?.role));
  }
}
