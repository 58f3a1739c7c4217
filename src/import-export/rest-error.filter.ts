import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { toClientError } from '../common/errors/error-mapper';
import { ErrorCode } from '../common/errors/error-code.enum';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VERSION_CONFLICT]: 409,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.TIMEOUT]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

const logger = new Logger('REST');

/**
 * Error replies for the REST routes in the same terms as GraphQL's: `{ error: { code, message, ...details } }`
 * with the matching HTTP status, never a stack trace or SQL. Uses the one error mapper of the API.
 */
@Catch()
export class RestErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const fastifyError = exception as { code?: unknown; statusCode?: unknown; message?: string };
    let status: number;
    let body: Record<string, unknown>;
    if (typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_') && typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
      // Fastify and its plugins (multipart limits, bad bodies) say what the client did wrong.
      status = fastifyError.statusCode;
      body = { code: ErrorCode.BAD_USER_INPUT, message: fastifyError.message };
    } else {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      const mapped = toClientError(new GraphQLError(error.message, { originalError: error }), { hideSuggestions: true });
      status = STATUS[mapped.code] ?? 500;
      body = { ...mapped.extensions, code: mapped.code, message: mapped.message };
      if (mapped.internal) {
        body.requestId = request.id;
        logger.error({ requestId: request.id, url: request.url, message: error.message, stack: error.stack });
      }
    }
    if (status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ error: body });
  }
}
