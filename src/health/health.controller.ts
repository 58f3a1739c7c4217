import { Controller, Get, Logger } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';

/** Liveness (the process answers) and readiness (the database answers within 1.5 s). Not rate limited. */
@Controller('health')
@Public()
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(private readonly health: HealthCheckService, private readonly db: TypeOrmHealthIndicator) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database()]);
  }

  /**
   * The ping, with the driver's reason logged here and not sent: it named the database host and port
   * ("connect ECONNREFUSED 10.0.0.5:5432") to any anonymous caller (found by the outage test).
   */
  private async database(): Promise<HealthIndicatorResult<'database'>> {
    const result = await this.db.pingCheck('database').withTimeout(1500);
    const { status, message } = result.database as { status: string; message?: unknown };
    if (status !== 'down') return result;
    this.logger.warn(`Database not ready: ${String(message)}`);
    return { database: { status: 'down', message: 'The database does not answer' } };
  }
}
