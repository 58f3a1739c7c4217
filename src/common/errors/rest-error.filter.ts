import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { toClientError } from './error-mapper';
import { ErrorCode } from './error-code.enum';

/** HTTP status of each code, for replies outside GraphQL. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VERSION_CONFLICT]: 409,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: 400,
  [ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: 400,
  [ErrorCode.TRUSTED_DOCUMENT_REQUIRED]: 400,
  [ErrorCode.TIMEOUT]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** The one error body of the API outside GraphQL, in GraphQL's terms: `{ errors: [{ message, extensions: { code, requestId, … } }] }`. */
export interface ErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
}

/** Status and body for any error raised on a REST route or in an HTTP hook; `internal` when the server is at fault. */
export function restError(exception: unknown, requestId: string): { status: number; body: ErrorBody; internal: boolean } {
  const error = exception instanceof Error ? exception : new Error(String(exception));
  const mapped = toClientError(new GraphQLError(error.message, { originalError: error }), { hideSuggestions: true });
  // A 4xx from Fastify or Nest (413 body too large, 415 media type, 408 timeout) keeps its status.
  const given = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: unknown })?.statusCode;
  const clientStatus = typeof given === 'number' && given >= 400 && given < 500 && !mapped.internal ? given : undefined;
  const status = mapped.httpStatus ?? clientStatus ?? HTTP_STATUS[mapped.code] ?? 500;
  const extensions = { ...mapped.extensions, code: mapped.code, requestId };
  return { status, body: { errors: [{ message: mapped.message, extensions }] }, internal: mapped.internal };
}

/** Sends restError's answer, with Retry-After and WWW-Authenticate where they apply, and logs it as one JSON line. */
export function sendRestError(request: FastifyRequest, reply: FastifyReply, exception: unknown) {
  const { status, body, internal } = restError(exception, request.id);
  const [{ message, extensions }] = body.errors;
  if (internal) request.log.error({ requestId: request.id, url: request.url, err: exception }, 'Request failed');
  else {
    // The client's fault is news at info; an outage (503) is the operator's, at warn. The driver's message stays here.
    const cause = status >= 500 && exception instanceof Error ? { cause: exception.message } : {};
    request.log[status >= 500 ? 'warn' : 'info'](
      { requestId: request.id, url: request.url, code: extensions.code, status, message, ...cause },
      'Request refused',
    );
  }
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  if (typeof extensions.retryAfterSeconds === 'number') void reply.header('retry-after', String(extensions.retryAfterSeconds));
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

/**
 * Error replies of every route outside GraphQL (health, export, import, unknown paths, errors raised in HTTP hooks),
 * through the one error mapper of the API: coded, with the request id, never a stack trace, SQL or a driver message.
 * Registered globally; GraphQL errors are rethrown to Mercurius's error formatter.
 */
@Catch()
export class RestErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    // Rethrown, not returned: a returned value becomes the resolver's result, and graphql-js takes an error from
    // another realm (the driver's, under Jest) for data (a null `id` then came back as INTERNAL_SERVER_ERROR).
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendRestError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}
