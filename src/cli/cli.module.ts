import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysService } from '../auth/api-keys.service';
import { AppConfig } from '../common/config/app-config';
import { ConfigModule } from '../common/config/config.module';
import { dataSourceOptions } from '../database/data-source-options';
import { SeedModule } from '../seed/seed.module';

/** The services command-line scripts need, without the HTTP server. Migrations run first. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { poolSize: 1, statementTimeoutMs: 600000, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS }),
          migrationsRun: true,
        }),
        SeedModule,
      ],
      providers: [ApiKeysService],
      exports: [ApiKeysService, SeedModule],
    };
  }
}
