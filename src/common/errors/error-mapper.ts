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

// Fastify's schema check of the GraphQL route says only "body must be object" to a JSON array: batching is off.
const BATCHING_OFF = 'The body must be one JSON object { query, variables, operationName }: batched requests (a JSON array of operations) are not accepted';
const clientMessage = (message: string) => (message === 'body must be object' ? BATCHING_OFF : message);

// Mercurius's persisted-query errors carry the message Apollo's link looks for; the code is the one it also reads.
const MERCURIUS_CODES: Record<string, ErrorCode> = {
  MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
};

/** Errors Fastify, Mercurius and their plugins raise about the HTTP request itself. */
function fromHttpLayer(err: Error & { statusCode: number; code?: string; retryAfterSeconds?: number }): ClientError {
  const status = err.statusCode;
  const known: Record<number, ErrorCode> = { 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN, 404: ErrorCode.NOT_FOUND, 429: ErrorCode.RATE_LIMITED };
  const code = (err.code ? MERCURIUS_CODES[err.code] : undefined) ?? known[status] ?? ErrorCode.BAD_USER_INPUT;
  const details = err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {};
  return { ...client(code, clientMessage(err.message), details), httpStatus: status };
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
  '22021': { code: ErrorCode.BAD_USER_INPUT, message: 'A text value holds a character that cannot be stored (such as \\u0000)' },
  '40001': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The write collided with another; try again' },
  '40P01': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The write collided with another; try again' },
  '57P01': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is restarting; try again' },
  '57P02': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is restarting; try again' },
  '57P03': { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is starting up; try again' },
  '55P03': { code: ErrorCode.TIMEOUT, message: 'The query waited too long for a lock and was cancelled' },
};
/** SQLSTATE class 22, data exception: a value the client sent that PostgreSQL cannot take. */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
/** SQLSTATE classes where the database, not the request, is the problem: 08 connection exception, 53 insufficient resources. */
const UNAVAILABLE_CLASSES = /^(08|53)[0-9A-Z]{3}$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const NETWORK_ERRORS =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i;

/**
 * TypeORM releases a transaction's query runner when its connection dies (the pg client's "error" event), so the
 * transaction's next statement or COMMIT fails with one of these: nothing was committed, the connection was lost.
 */
const RUNNER_LOST = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/**
 * The driver or the pool could not reach the database. Node reports a refused "localhost" (two addresses) as an
 * AggregateError with an empty message, so codes and nested errors are checked as well as the message. Duck-typed
 * on purpose: errors from Node's net module may come from another realm (Jest), where instanceof fails.
 */
function isConnectionFailure(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const { code, message, name, errors, driverError } = err as { code?: unknown; message?: unknown; name?: unknown; errors?: unknown; driverError?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_CLASSES.test(code))) return true;
  if (typeof message === 'string' && NETWORK_ERRORS.test(message)) return true;
  if (typeof name === 'string' && RUNNER_LOST.has(name)) return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionFailure(e, depth + 1))) return true;
  return driverError !== err && isConnectionFailure(driverError, depth + 1);
}

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
  if (original instanceof DomainException) return { ...client(original.code, original.message, original.details), httpStatus: original.httpStatus };
  if (original instanceof HttpException) return fromHttpException(original);
  if (original instanceof GraphQLError) {
    const inner = toClientError(original, opts);
    // Variable coercion wraps the scalar's error: keep the outer message, which names the field.
    // (The outer message repeats the inner one, suggestions included: hide them here too.)
    const outer = opts.hideSuggestions ? error.message.replace(SUGGESTION, '') : error.message;
    return !original.originalError && error.message.endsWith(original.message) ? { ...inner, message: outer } : inner;
  }
  const status = (original as { statusCode?: unknown } | undefined)?.statusCode;
  if (original && typeof status === 'number' && status >= 400 && status < 500 && !(original instanceof DomainException)) {
    return fromHttpLayer(original as Error & { statusCode: number });
  }
  if (original && typeof original.code === 'string' && PG_CODES[original.code]) {
    const known = PG_CODES[original.code];
    return client(known.code, known.message);
  }
  if (original && typeof original.code === 'string' && DATA_EXCEPTION.test(original.code)) {
    return client(ErrorCode.BAD_USER_INPUT, 'A value is out of range or has the wrong format');
  }
  if (original && isConnectionFailure(original)) {
    return client(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable; try again shortly');
  }
  if (!original) {
    // Parse, validation and variable-coercion errors come from graphql-js itself: the request was wrong.
    const given = error.extensions?.code;
    const code = typeof given === 'string' && KNOWN_CODES.has(given) ? (given as ErrorCode) : ErrorCode.BAD_USER_INPUT;
    const message = clientMessage(opts.hideSuggestions ? error.message.replace(SUGGESTION, '') : error.message);
    const { code: _ignored, ...rest } = error.extensions ?? {};
    return client(code, message, rest);
  }
  return internal();
}
