import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { FastifyReply, FastifyRequest } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code.enum';

/**
 * Liveness (the process answers: no key, no database) and readiness (the database answers within 1.5 s).
 * Not rate limited; the principal hook does not look keys up for these paths.
 */
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Terminus's report; not ready is a 503 that also carries the coded `errors` of every other error reply. */
  @Get('ready')
  @HealthCheck()
  async ready(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([() => this.database(req)]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      void reply.status(503);
      const report = err.getResponse() as Record<string, unknown>;
      return {
        ...report,
        errors: [{ message: 'The database does not answer', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, requestId: req.id } }],
      };
    }
  }

  /**
   * The ping, with the driver's reason logged here and not sent: it named the database host and port
   * ("connect ECONNREFUSED 10.0.0.5:5432") to any anonymous caller (found by the outage test).
   */
  private async database(req: FastifyRequest): Promise<HealthIndicatorResult<'database'>> {
    // The app's own DataSource, given: without it Terminus finds it by import()ing @nestjs/typeorm at run time,
    // which in the bundled server (scripts/bundle-server.mjs) would be a second copy of the package.
    const result = await this.db.pingCheck('database', { connection: this.dataSource }).withTimeout(1500);
    const { status, message } = result.database as { status: string; message?: unknown };
    if (status !== 'down') return result;
    req.log.warn({ requestId: req.id, cause: String(message) }, 'Database not ready');
    return { database: { status: 'down', message: 'The database does not answer' } };
  }
}
