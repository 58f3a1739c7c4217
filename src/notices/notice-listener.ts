import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client, Notification, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { GuardedClient } from '../database/data-source-options';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Hears PostgreSQL notices (NOTIFY) on the channels its users ask for, whoever committed them: live updates hear the
 * task-change notices, the answer cache the data-change notice every writing transaction sends.
 *
 * On a PostgreSQL server: one connection of its own that LISTENs, reconnecting with backoff when it is lost (notices
 * sent while it is away are missed; PostgreSQL keeps none for a session that is not listening, so users learn of every
 * loss and every return through `onState` and treat what they hold as stale).
 *
 * On PGlite (embedded, or the test suite's shared instance): every socket connection is the same single session, and
 * PGlite hands a notification to whichever connection's statement produced it, that is, the one that committed (found
 * by experiment: a LISTEN on a connection of its own hears nothing from the others). So the session LISTENs once, and
 * the notices are read from this app's own pool connections as their COMMITs return. Writes made by another process
 * through the same socket (a CLI working through the running server) are therefore not heard.
 */
@Injectable()
export class NoticeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notices');
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private readonly stateHandlers: ((listening: boolean) => void)[] = [];
  private client: Client | null = null;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  /** `session` on PGlite, `connection` on a server; null until started (or when no one listens). */
  mode: 'session' | 'connection' | null = null;
  /** Every channel is LISTENed to now: notices committed from this moment on will be heard. */
  listening = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Calls `fn` with the payload of every notice on `channel`. Call before the application bootstraps (onModuleInit). */
  onNotice(channel: string, fn: (payload: string) => void): void {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`Not a channel name: ${channel}`);
    const list = this.handlers.get(channel) ?? [];
    list.push(fn);
    this.handlers.set(channel, list);
  }

  /** Calls `fn(false)` when the LISTEN connection is lost and `fn(true)` each time it listens again. */
  onState(fn: (listening: boolean) => void): void {
    this.stateHandlers.push(fn);
  }

  async onApplicationBootstrap() {
    if (this.handlers.size === 0) return;
    const [{ pglite }] = await this.ds.query(`SELECT version() LIKE '%PGlite%' AS pglite`);
    if (pglite) {
      this.mode = 'session';
      this.hearPoolConnections();
      for (const channel of this.handlers.keys()) await this.ds.query(`LISTEN ${channel}`);
      this.setListening(true);
    } else {
      this.mode = 'connection';
      await this.connect();
    }
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private setListening(listening: boolean) {
    if (this.listening === listening) return;
    this.listening = listening;
    for (const fn of this.stateHandlers) fn(listening);
  }

  private deliver = (msg: Notification) => {
    if (msg.payload === undefined) return;
    for (const fn of this.handlers.get(msg.channel) ?? []) fn(msg.payload);
  };

  /** PGlite: every connection of the pool hands on the notices its statements bring back. */
  private hearPoolConnections() {
    const pool = (this.ds.driver as unknown as { master: Pool }).master;
    const heard = new WeakSet<PoolClient>();
    pool.on('acquire', (client) => {
      if (heard.has(client)) return;
      heard.add(client);
      client.on('notification', this.deliver);
    });
  }

  private async connect() {
    const client = new GuardedClient({
      connectionString: this.ds.options.type === 'postgres' ? this.ds.options.url : undefined,
      connectionTimeoutMillis: this.config.DB_CONNECT_TIMEOUT_MS,
      application_name: 'action-plan-tracker-notices',
    });
    this.client = client;
    const lost = (why: string) => {
      if (this.client !== client || this.stopped) return;
      this.client = null;
      this.setListening(false);
      client.end().catch(() => undefined);
      this.logger.warn(`The LISTEN connection was lost (${why}); reconnecting in ${this.retryMs} ms. Changes made meanwhile are not announced.`);
      this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
    client.on('notification', this.deliver);
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('closed'));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
      this.retryMs = RETRY_MIN_MS;
      if (this.client === client) this.setListening(true);
    } catch (err) {
      lost((err as Error).message);
    }
  }
}
