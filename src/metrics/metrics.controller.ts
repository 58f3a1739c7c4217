import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { Public } from '../auth/roles.decorator';
import { Role } from '../common/domain-enums';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { RestErrorFilter } from '../common/errors/rest-error.filter';
import { MetricsService } from './metrics.service';

/** GET /metrics in Prometheus's text format, for an ADMIN key or METRICS_TOKEN (both as "Authorization: Bearer …"). */
@Controller('metrics')
@UseFilters(RestErrorFilter)
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  // Not a role of the API: METRICS_TOKEN is no API key, so the check is here rather than in the roles guard.
  @Public()
  @Get()
  async scrape(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.metrics.carriesMetricsToken(req)) {
      if (req.authError || !req.principal) {
        throw new DomainException(ErrorCode.UNAUTHENTICATED, 'Send METRICS_TOKEN or an ADMIN key as "Authorization: Bearer <token>"', {}, 401);
      }
      if (req.principal.role !== Role.ADMIN) throw new DomainException(ErrorCode.FORBIDDEN, `The ${req.principal.role} role may not read metrics`, {}, 403);
    }
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
