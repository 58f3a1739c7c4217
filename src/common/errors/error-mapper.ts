import { HttpException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code.enum';

export interface ClientError {
  message: string;
  code: ErrorCode;
  extensions: Record<string, unknown>;
  /** True when the server is at fault; such errors are logged with the request id. */
  internal: boolean;
  /** HTTP status for errors raised before execution (CSRF, body limits, rate limit). */
  httpStatus?: number;
}

/** Errors Fastify, Mercurius and their plugins raise about the HTTP request itself. */
function fromHttpLayer(err: Error & { statusCode: number; code?: string; retryAfterSeconds?: number }): ClientError {
  const status = err.statusCode;
  const known: Record<number, ErrorCode> = { 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN, 404: ErrorCode.NOT_FOUND, 429: ErrorCode.RATE_LIMITED };
  const code = known[status] ?? ErrorCode.BAD_USER_INPUT;
  const details = err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {};
  return { ...client(code, err.message, details), httpStatus: status };
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

// PostgreSQL SQLSTATEs a client can cause or must retry; everything else is our fault.
const PG_CODES: Record<string, { code: ErrorCode; message: string }> = {
  '57014': { code: ErrorCode.TIMEOUT, message: 'The query took longer than the statement timeout and was cancelled' },
  '23505': { code: ErrorCode.CONFLICT, message: 'A record with the same key already exists' },
  '22P02': { code: ErrorCode.BAD_USER_INPUT, message: 'A value has the wrong format' },
  '22003': { code: ErrorCode.BAD_USER_INPUT, message: 'A number is out of range' },
  '22007': { code: ErrorCode.BAD_USER_INPUT, message: 'A date has the wrong format' },
  '22008': { code: ErrorCode.BAD_USER_INPUT, message: 'A date is out of range' },
  '22001': { code: ErrorCode.BAD_USER_INPUT, message: 'A text value is too long' },
  '40001': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The write collided with another; try again' },
  '40P01': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The write collided with another; try again' },
  '57P01': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is restarting; try again' },
  '57P02': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is restarting; try again' },
  '57P03': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is starting up; try again' },
};
const NETWORK_ERRORS = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i;

const SUGGESTION = /\s*Did you mean[^?]*\?/g;

function fromHttpException(err: HttpException): ClientError {
  const status = err.getStatus();
  const body = err.getResponse() as { message?: string | string[] } | string;
  const raw = typeof body === 'string' ? body : body.message;
  const messages = Array.isArray(raw) ? raw : [raw ?? err.message];
  if (status === 401) return client(ErrorCode.UNAUTHENTICATED, messages.join('; '));
  if (status === 403) return client(ErrorCode.FORBIDDEN, messages.join('; '));
  if (status === 404) return client(ErrorCode.NOT_FOUND, messages.join('; '));
  if (status === 429) return client(ErrorCode.RATE_LIMITED, messages.join('; '));
  if (status >= 400 && status < 500) {
    return { ...client(ErrorCode.BAD_USER_INPUT, messages.join('; ')), extensions: { code: ErrorCode.BAD_USER_INPUT, validation: messages } };
  }
  return internal();
}

function client(code: ErrorCode, message: string, details: Record<string, unknown> = {}): ClientError {
  return { message, code, extensions: { ...details, code }, internal: false };
}

function internal(): ClientError {
  return { ...client(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'), internal: true };
}

/** Maps any error raised while serving a GraphQL request to what the client may see. */
export function toClientError(error: GraphQLError, opts: { hideSuggestions: boolean }): ClientError {
  const original = error.originalError as (Error & { code?: unknown; extensions?: Record<string, unknown> }) | undefined;
  if (original instanceof DomainException) return client(original.code, original.message, original.details);
  if (original instanceof HttpException) return fromHttpException(original);
  if (original instanceof GraphQLError) return toClientError(original, opts);
  const status = (original as { statusCode?: unknown } | undefined)?.statusCode;
  if (original && typeof status === 'number' && status >= 400 && status < 500 && !(original instanceof DomainException)) {
    return fromHttpLayer(original as Error & { statusCode: number });
  }
  if (original && typeof original.code === 'string' && PG_CODES[original.code]) {
    const known = PG_CODES[original.code];
    return client(known.code, known.message);
  }
  if (original && NETWORK_ERRORS.test(original.message ?? '')) {
    return client(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly');
  }
  if (!original) {
    // Parse, validation and variable-coercion errors come from graphql-js itself: the request was wrong.
    const given = error.extensions?.code;
    const code = typeof given === 'string' && KNOWN_CODES.has(given) ? (given as ErrorCode) : ErrorCode.BAD_USER_INPUT;
    const message = opts.hideSuggestions ? error.message.replace(SUGGESTION, '') : error.message;
    const { code: _ignored, ...rest } = error.extensions ?? {};
    return client(code, message, rest);
  }
  return internal();
}
