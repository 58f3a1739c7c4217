import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { Principal } from '../common/graphql-context';
import { ApiKeysService } from './api-keys.service';
import { LookupBudget } from './lookup-budget';
import { bearerToken } from './token';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal; authError?: string };

const INVALID_KEY = 'The API key is invalid, unknown or revoked';
const BAD_HEADER = 'The Authorization header must be "Bearer <token>"';

/**
 * Resolves the caller once per HTTP request, before routing, so GraphQL, REST routes and the rate limiter
 * all see the same principal. It never rejects a key itself: the guard turns authError into UNAUTHENTICATED.
 * Health probes ignore keys (no lookup); an address that sent too many unknown tokens is refused before any lookup.
 */
export function registerPrincipalHook(
  fastify: FastifyInstance,
  keys: ApiKeysService,
  opts: {
    failedLookupsPerMinute: number;
    /** Requests whose token is not an API key (METRICS_TOKEN on /metrics). */ skipLookup?: (req: FastifyRequest) => boolean;
  },
) {
  const budget = new LookupBudget(opts.failedLookupsPerMinute);
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('authError', undefined);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url?.startsWith('/health/') || opts.skipLookup?.(request)) return;
    const req = request as AuthenticatedRequest;
    const header = req.headers.authorization;
    const token = bearerToken(header);
    if (token === undefined) return;
    if (token === null) {
      // "Bearer" with a token of the wrong length or characters is a wrong key, not a wrong header.
      req.authError = /^\s*Bearer\s+\S/i.test(String(header)) ? INVALID_KEY : BAD_HEADER;
      return;
    }
    const wait = budget.retryAfterSeconds(req.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new DomainException(
        ErrorCode.RATE_LIMITED,
        `Too many requests with unknown API keys from this address; retry in ${wait} seconds`,
        { retryAfterSeconds: wait },
        429,
      );
    }
    const principal = await keys.authenticate(token);
    if (principal) req.principal = principal;
    else {
      budget.recordFailure(req.ip);
      req.authError = INVALID_KEY;
    }
  });
}
