// Live updates over graphql-ws (subprotocol graphql-transport-ws) on /graphql of this origin; the key travels in
// connection_init's payload. A server that never accepts the socket has no live updates: after two tries the page
// says so (its panels keep working, refreshed by polling); a connection that worked once is retried for ever.
import { createClient, type Client } from 'graphql-ws';
import { ApiError, ENDPOINT, NOT_AVAILABLE, toApiError } from './api';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

export interface Live {
  /** Starts one subscription; returns the function that ends it. */
  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void, fail: (err: ApiError) => void): () => void;
  dispose(): void;
}

const TRIES_BEFORE_GIVING_UP = 2;

const isCloseEvent = (e: unknown): e is { code: number; reason: string } =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'number';

/** Opens (lazily, on the first subscription) one socket for the page, reporting its state to onStatus. */
export function connectLive(key: string | null, onStatus: (status: LiveStatus) => void): Live {
  let everConnected = false;
  let failures = 0;
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${ENDPOINT}`;
  const client: Client = createClient({
    url,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => everConnected || failures < TRIES_BEFORE_GIVING_UP,
    keepAlive: 20_000,
    // 0.5 s, 1 s, 2 s … up to 10 s, with some jitter so that many pages do not reconnect at once.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) * (0.75 + Math.random() / 2))),
    on: {
      connecting: () => onStatus(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        failures = 0;
        onStatus('live');
      },
      closed: () => {
        if (!everConnected) failures++;
        onStatus(everConnected ? 'reconnecting' : failures >= TRIES_BEFORE_GIVING_UP ? 'unavailable' : 'connecting');
      },
    },
  });
  return {
    subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void, fail: (err: ApiError) => void) {
      return client.subscribe<T>(
        { query, variables },
        {
          next: (message) => {
            if (message.errors?.length) fail(toApiError(message.errors[0]));
            else if (message.data) next(message.data as T);
          },
          error: (err: unknown) => {
            if (Array.isArray(err)) fail(toApiError(err[0]));
            else if (isCloseEvent(err)) {
              const why = `the socket closed (${err.code}${err.reason ? `: ${err.reason}` : ''})`;
              fail(everConnected ? new ApiError('LIVE_CLOSED', why) : new ApiError(NOT_AVAILABLE, `The server does not accept live updates: ${why}`));
            } else
              fail(
                everConnected
                  ? new ApiError('LIVE_CLOSED', 'The live connection failed')
                  : new ApiError(NOT_AVAILABLE, 'The server did not accept a live connection (graphql-ws on /graphql)'),
              );
          },
          complete: () => undefined,
        },
      );
    },
    dispose: () => void client.dispose(),
  };
}
