import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../auth/api-keys.service';
import { ANONYMOUS_DASHBOARD } from '../auth/principal';
import { AuthenticatedRequest } from '../auth/principal.hook';
import { bearerToken } from '../auth/token';
import { AppConfig } from '../common/config/app-config';
import { ErrorCode } from '../common/errors/error-code.enum';
import { GraphQLContext, Principal } from '../common/graphql-context';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { CLOSE, LiveClient, LiveOperation, LiveSocket } from './live-client';

/** The one WebSocket subprotocol served: graphql-transport-ws (the graphql-ws library; Apollo Client, urql, Relay). */
export const LIVE_PROTOCOL = 'graphql-transport-ws';
/** Time a new connection has to send connection_init (graphql-ws's own server waits 3 s). */
const INIT_WAIT_MS = 10_000;
/** Largest WebSocket message accepted: a subscription document within the token limit is a few KB. */
const MAX_MESSAGE_BYTES = 64 * 1024;

/** The GraphQL context of a subscription connection: the request context's fields, and the connection itself. */
export interface LiveContext extends GraphQLContext {
  live?: LiveClient;
}

/**
 * The WebSocket side of live updates, around Mercurius's subscription route on /graphql: who a connection is (the key
 * in connection_init's payload as `authorization: "Bearer …"`, else the upgrade request's Authorization header, else
 * ANONYMOUS_READ's DASHBOARD view), a cap on connections per key, heartbeats, and dropping clients that fall behind.
 * Refusals close the socket with graphql-transport-ws's codes: 4401 no or bad key, 4403 not allowed, 4429 past the
 * cap or a second connection_init, 4406 another subprotocol, 4408 no connection_init in time, 4409 an operation id
 * already running.
 */
@Injectable()
export class LiveConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly clients = new Map<LiveSocket, LiveClient>();
  private readonly perBucket = new Map<string, number>();
  private readonly tokens = new WeakMap<LiveClient, string>();
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly keys: ApiKeysService,
    private readonly adapterHost: HttpAdapterHost,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** Open subscription connections (admitted or still initialising). */
  openConnections(): number {
    return this.clients.size;
  }

  /**
   * Mercurius's `subscription` option, or false when LIVE_UPDATES is off. Registers @fastify/websocket on the root
   * instance first (Mercurius then reuses it), so this code sees every socket as it opens.
   */
  async mercuriusOptions(): Promise<false | Record<string, unknown>> {
    if (!this.config.LIVE_UPDATES) return false;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasDecorator('websocketServer')) {
      await fastify.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
      fastify.websocketServer.on('connection', (socket: LiveSocket) => this.opened(socket));
      fastify.addHook('preClose', async () => this.closeAll());
      this.heartbeat = setInterval(() => void this.beat(), this.config.LIVE_HEARTBEAT_MS);
      this.heartbeat.unref();
    }
    return {
      // Called when connection_init arrives, before Mercurius acknowledges it: the connection's context, or a refusal.
      context: (socket: LiveSocket, request: AuthenticatedRequest) => this.admit(socket, request),
    };
  }

  onApplicationShutdown() {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private opened(socket: LiveSocket) {
    const client = new LiveClient(socket, this.config.LIVE_MAX_BUFFERED_BYTES, (c, reason) =>
      this.logger.warn(`Dropped a subscription connection of ${c.principal?.name ?? 'an uninitialised client'}: ${reason}`),
    );
    if (socket.protocol !== LIVE_PROTOCOL) {
      client.refuse(CLOSE.SUBPROTOCOL_NOT_ACCEPTABLE, `Subprotocol not acceptable: use ${LIVE_PROTOCOL}`);
      return;
    }
    if (this.stopping) {
      client.refuse(CLOSE.GOING_AWAY, 'The server is shutting down');
      return;
    }
    this.clients.set(socket, client);
    const initTimer = setTimeout(() => {
      if (!client.initialised) client.refuse(CLOSE.INIT_TIMEOUT, 'Connection initialisation timeout');
    }, INIT_WAIT_MS);
    initTimer.unref();
    // Registered before Mercurius's own listener (the 'connection' event comes first), so this one sees each message first.
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      client.alive = true;
      const message = parseMessage(data, isBinary);
      if (message?.type === 'connection_init' && !client.initialised && client.initPayload === null) {
        client.initPayload = typeof message.payload === 'object' && message.payload !== null ? (message.payload as Record<string, unknown>) : {};
      } else if (message?.type === 'subscribe' && !client.initialised) {
        client.refuse(CLOSE.UNAUTHORIZED, 'Unauthorized: send connection_init first');
      } else if (message?.type === 'subscribe' && typeof message.id === 'string') {
        // Mercurius would replace the running subscription and leave it sending; the protocol closes instead.
        if (client.operations.has(message.id)) client.refuse(CLOSE.SUBSCRIBER_EXISTS, `Subscriber for ${message.id.slice(0, 60)} already exists`);
        else client.operations.set(message.id, typeof message.payload === 'object' && message.payload !== null ? (message.payload as LiveOperation) : {});
      } else if (message?.type === 'complete' && typeof message.id === 'string') {
        client.operations.delete(message.id);
      }
    });
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => {
      clearTimeout(initTimer);
      this.clients.delete(socket);
      this.release(client);
    });
    codeErrorMessages(socket, client);
  }

  /** Who the connection is, checked once at connection_init; refusals close the socket (Mercurius's ack then goes nowhere). */
  private async admit(socket: LiveSocket, request: AuthenticatedRequest): Promise<Partial<LiveContext>> {
    const client = this.clients.get(socket);
    if (!client || client.dropped) return {};
    if (client.initialised) {
      client.refuse(CLOSE.TOO_MANY, 'Too many initialisation requests');
      return {};
    }
    client.initialised = true;
    const header = client.initPayload?.authorization ?? client.initPayload?.Authorization;
    let principal: Principal | null = null;
    if (header !== undefined) {
      const token = bearerToken(typeof header === 'string' ? header : undefined);
      principal = token ? await this.keys.authenticate(token) : null;
      if (!token || !principal) return this.refuse(client, ErrorCode.UNAUTHENTICATED, 'The API key is invalid, unknown or revoked');
      this.tokens.set(client, token);
    } else if (request.authError) {
      return this.refuse(client, ErrorCode.UNAUTHENTICATED, request.authError);
    } else {
      principal = request.principal ?? (this.config.ANONYMOUS_READ ? ANONYMOUS_DASHBOARD : null);
      const token = bearerToken(request.headers.authorization);
      if (token) this.tokens.set(client, token);
    }
    if (!principal) return this.refuse(client, ErrorCode.UNAUTHENTICATED, 'Send an API key as connection_init payload { authorization: "Bearer <token>" }');
    if (socket.readyState !== 1) return {}; // closed while the key was looked up
    const bucket = principal.keyId ? `key:${principal.keyId}` : `ip:${request.ip}`;
    const open = this.perBucket.get(bucket) ?? 0;
    if (open >= this.config.LIVE_MAX_CONNECTIONS_PER_KEY) {
      return this.refuse(client, ErrorCode.RATE_LIMITED, `this key already has ${open} subscription connections open (LIVE_MAX_CONNECTIONS_PER_KEY)`);
    }
    this.perBucket.set(bucket, open + 1);
    client.bucket = bucket;
    client.principal = principal;
    return {
      req: { id: request.id, headers: request.headers, principal } as unknown as LiveContext['req'],
      principal,
      loaders: new RequestLoaders(this.ds),
      live: client,
    };
  }

  private refuse(client: LiveClient, code: ErrorCode, message: string): Partial<LiveContext> {
    const closeCode = code === ErrorCode.UNAUTHENTICATED ? CLOSE.UNAUTHORIZED : code === ErrorCode.FORBIDDEN ? CLOSE.FORBIDDEN : CLOSE.TOO_MANY;
    // The reason starts with the API's error code, so a client can tell the refusals apart.
    client.refuse(closeCode, `${code}: ${message}`);
    return {};
  }

  private release(client: LiveClient) {
    if (!client.bucket) return;
    const left = (this.perBucket.get(client.bucket) ?? 1) - 1;
    if (left > 0) this.perBucket.set(client.bucket, left);
    else this.perBucket.delete(client.bucket);
    client.bucket = null;
  }

  /**
   * Every LIVE_HEARTBEAT_MS: a connection that did not answer the last ping (nor send anything) is dropped, one that
   * has more waiting than LIVE_MAX_BUFFERED_BYTES too; the others are pinged (a WebSocket ping frame, which browsers
   * and the ws library answer by themselves). A key revoked since the connection opened ends it (4401).
   */
  private async beat() {
    const checks = new Map<string, LiveClient[]>();
    for (const client of this.clients.values()) {
      if (!client.alive) client.drop('no answer to the last ping');
      else if (client.tooSlow()) client.drop('reads slower than its events arrive');
      else {
        client.alive = false;
        client.socket.ping();
        const token = this.tokens.get(client);
        if (token && client.principal) checks.set(token, [...(checks.get(token) ?? []), client]);
      }
    }
    for (const [token, clients] of checks) {
      const principal = await Promise.resolve(this.keys.authenticate(token)).catch(() => undefined);
      if (principal !== null) continue; // undefined: the lookup failed, so it proves nothing
      for (const client of clients) this.refuse(client, ErrorCode.UNAUTHENTICATED, 'The API key was revoked');
    }
  }

  /** Shutdown: every connection is told (1001) and cut a second later if it has not closed by then. */
  private async closeAll() {
    this.stopping = true;
    for (const client of this.clients.values()) client.refuse(CLOSE.GOING_AWAY, 'The server is shutting down');
    const deadline = Date.now() + 1000;
    while (this.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const client of this.clients.values()) client.socket.terminate();
  }
}

function parseMessage(data: Buffer, isBinary: boolean): { type?: unknown; id?: unknown; payload?: unknown } | null {
  if (isBinary || data.length > MAX_MESSAGE_BYTES) return null;
  try {
    const value = JSON.parse(data.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}

/**
 * Mercurius reports a failed `subscribe` (a parse error, an unknown operation) in an `error` message whose errors
 * may lack a code: each gets BAD_USER_INPUT, as the same mistake over HTTP would. Errors this code raises carry theirs.
 */
function codeErrorMessages(socket: LiveSocket, client: LiveClient) {
  const send = socket.send.bind(socket);
  socket.send = (data: unknown, ...rest: unknown[]) => {
    // Mercurius writes `{"type":…,"id":…,…}`: only an operation's last message (complete, error) is read here.
    if (typeof data === 'string' && data.startsWith('{"type":"complete"')) client.operations.delete((JSON.parse(data) as { id?: string }).id ?? '');
    if (typeof data === 'string' && data.startsWith('{"type":"error"')) {
      const message = JSON.parse(data) as { id?: string; payload?: { message?: string; extensions?: Record<string, unknown> }[] };
      client.operations.delete(message.id ?? '');
      for (const err of message.payload ?? []) {
        if (typeof err.extensions?.code !== 'string') err.extensions = { ...err.extensions, code: ErrorCode.BAD_USER_INPUT };
      }
      data = JSON.stringify(message);
    }
    send(data, ...rest);
  };
}
