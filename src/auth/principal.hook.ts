import { FastifyInstance, FastifyRequest } from 'fastify';
import { Principal } from '../common/graphql-context';
import { ApiKeysService } from './api-keys.service';
import { bearerToken } from './token';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal; authError?: string };

/**
 * Resolves the caller once per HTTP request, before routing, so GraphQL, REST routes and the rate limiter
 * all see the same principal. It never rejects: the guard turns authError into UNAUTHENTICATED.
 */
export function registerPrincipalHook(fastify: FastifyInstance, keys: ApiKeysService) {
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('authError', undefined);
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    const req = request as AuthenticatedRequest;
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return;
    if (token === null) {
      req.authError = 'The Authorization header must be "Bearer <token>"';
      return;
    }
    const principal = await keys.authenticate(token);
    if (principal) req.principal = principal;
    else req.authError = 'The API key is unknown or revoked';
  });
}
