import { Catch, Logger } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { toClientError } from '../common/errors/error-mapper';

const logger = new Logger('Live');

/**
 * Errors of a subscription's start (the guard's UNAUTHENTICATED/FORBIDDEN, NOT_FOUND, bad arguments) as the client
 * should see them: Mercurius sends them in the `error` message as they are, past the error formatter that HTTP
 * replies go through, so they are mapped here (code in extensions; no SQL or stack for our own faults).
 */
@Catch()
export class LiveErrorFilter implements GqlExceptionFilter {
  catch(exception: unknown): GraphQLError {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    const mapped = toClientError(error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error }), { hideSuggestions: true });
    if (mapped.internal) logger.error(`Subscription failed to start: ${error.message}`);
    return new GraphQLError(mapped.message, { extensions: mapped.extensions });
  }
}
