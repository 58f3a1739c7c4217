import type { Principal } from '../common/graphql-context';

/** What this code uses of a `ws` WebSocket (the socket Mercurius's subscription route hands over). */
export interface LiveSocket {
  readonly protocol: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  send(data: unknown, ...rest: unknown[]): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** A `subscribe` message's payload. */
export interface LiveOperation {
  query?: unknown;
  variables?: Record<string, unknown>;
  operationName?: unknown;
}

/** Close codes of the graphql-transport-ws protocol (the graphql-ws library's CloseCode) this server uses. */
export const CLOSE = {
  BAD_REQUEST: 4400,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  SUBPROTOCOL_NOT_ACCEPTABLE: 4406,
  INIT_TIMEOUT: 4408,
  SUBSCRIBER_EXISTS: 4409,
  /** graphql-transport-ws: a second connection_init. Also this server's refusal past a key's connection cap. */
  TOO_MANY: 4429,
  GOING_AWAY: 1001,
} as const;

/** One subscription connection: who it is, how many subscriptions it holds, and whether it keeps up. */
export class LiveClient {
  principal: Principal | null = null;
  /** The key the connection counts against (`key:<id>`, or `ip:<address>` for anonymous callers) once admitted. */
  bucket: string | null = null;
  /** The connection_init payload, taken off the socket before Mercurius handles the message. */
  initPayload: Record<string, unknown> | null = null;
  initialised = false;
  subscriptions = 0;
  /**
   * The operations the client started and that have not completed, by id (graphql-transport-ws: each id once at a
   * time), with what their `subscribe` message asked (the limit checks need the variables; Mercurius's hooks get none).
   */
  readonly operations = new Map<string, LiveOperation>();
  /** Answered the last ping (or sent anything) since the previous heartbeat. */
  alive = true;
  dropped: string | null = null;

  constructor(
    readonly socket: LiveSocket,
    private readonly maxBufferedBytes: number,
    private readonly onDrop: (client: LiveClient, reason: string) => void,
  ) {}

  /** More is waiting to be sent to this client than it may have waiting. */
  tooSlow(): boolean {
    return this.socket.bufferedAmount > this.maxBufferedBytes;
  }

  /** Cuts the connection at once: a close frame would queue behind what the client is not reading. */
  drop(reason: string): void {
    if (this.dropped) return;
    this.dropped = reason;
    this.onDrop(this, reason);
    this.socket.terminate();
  }

  /** Closes the connection with a protocol close code and a reason (at most 123 bytes). */
  refuse(code: number, reason: string): void {
    this.socket.close(code, reason.slice(0, 120)); // ASCII reasons; the protocol allows 123 bytes
  }
}
