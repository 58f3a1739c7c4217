// A real graphql-ws client (the library Apollo Client, urql and Relay use for subscriptions) against a listening
// test app, with helpers to wait for events and for the socket's close code.
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Feed<T = any> {
  /** Every `next` payload received so far ({ data, errors }). */
  events: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** The subscription's error, when the server refused it (an `error` message). */
  error: unknown;
  /** Resolves with the n-th event (1-based) once it has arrived; rejects after `ms`. */
  nth(n: number, ms?: number): Promise<Feed<T>['events'][number]>;
  /** Resolves once the server refused or ended the subscription. */
  ended: Promise<void>;
  stop(): void;
}

export interface LiveTestClient {
  client: Client;
  /** The close event of the socket, once it has closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Feed<T>;
  dispose(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds (polling), or fails with `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A graphql-ws client; the key goes in connection_init's payload unless `header` is set (then in the upgrade's header). */
export function liveClient(httpUrl: string, token: string | null, opts: { header?: boolean } = {}): LiveTestClient {
  const url = httpUrl.replace(/^http/, 'ws');
  let closed!: (e: { code: number; reason: string }) => void;
  let connected!: () => void;
  const closedP = new Promise<{ code: number; reason: string }>((r) => (closed = r));
  const connectedP = new Promise<void>((r) => (connected = r));
  const headers = opts.header && token ? { authorization: `Bearer ${token}` } : undefined;
  class HeaderSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client = createClient({
    url,
    webSocketImpl: HeaderSocket,
    connectionParams: token && !opts.header ? { authorization: `Bearer ${token}` } : undefined,
    lazy: false,
    retryAttempts: 0,
    // The server's heartbeat is what is tested; the client's own pings stay off.
    keepAlive: 0,
    on: {
      connected: () => connected(),
      closed: (e) => {
        const ev = e as { code: number; reason: string };
        closed({ code: ev.code, reason: String(ev.reason) });
      },
    },
    onNonLazyError: () => undefined,
  });
  return {
    client,
    closed: closedP,
    connected: connectedP,
    subscribe<T>(query: string, variables?: Record<string, unknown>): Feed<T> {
      const events: Feed<T>['events'] = [];
      let endedResolve!: () => void;
      const feed: Feed<T> = {
        events,
        error: undefined,
        ended: new Promise<void>((r) => (endedResolve = r)),
        async nth(n, ms = 5000) {
          await eventually(() => events.length >= n || feed.error !== undefined, `event ${n} (got ${events.length})`, ms);
          if (events.length < n) throw new Error(`subscription failed: ${JSON.stringify(feed.error)}`);
          return events[n - 1];
        },
        stop: () => undefined,
      };
      feed.stop = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => void events.push(value as Feed<T>['events'][number]),
          error: (err) => {
            feed.error = err ?? 'error';
            endedResolve();
          },
          complete: () => endedResolve(),
        },
      );
      return feed;
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}
