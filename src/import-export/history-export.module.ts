import { Module } from '@nestjs/common';
import { HistoryExportController } from './history-export.controller';
import { HistoryExportService } from './history-export.service';

/** GET /export/history.csv|json and /export/readings.csv|json: a plan's task history and indicator readings. */
@Module({
  controllers: [HistoryExportController],
  providers: [HistoryExportService],
})
export class HistoryExportModule {}
