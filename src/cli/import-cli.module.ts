import { DynamicModule, Module } from '@nestjs/common';
import { CliModule } from './cli.module';
import { AppConfig } from '../common/config/app-config';
import { TaskWriter } from '../task-updates/task-writer';
import { TaskImportService } from '../import-export/task-import.service';

/** The import service for `npm run import`, on the CLI's database connection, without the HTTP server. */
@Module({})
export class ImportCliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [CliModule.forRoot(config, databaseUrl)],
      providers: [TaskWriter, TaskImportService],
    };
  }
}
