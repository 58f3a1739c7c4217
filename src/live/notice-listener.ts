import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client, Notification, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { GuardedClient } from '../database/data-source-options';
import { TASK_CHANGED_CHANNEL } from '../task-updates/task-change-notice';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * Hears the task-change notices every instance sends (task-change-notice.ts), whoever committed the change.
 *
 * On a PostgreSQL server: one connection of its own that LISTENs, reconnecting with backoff when it is lost (notices
 * sent while it is away are missed; PostgreSQL keeps none for a session that is not listening).
 *
 * On PGlite (embedded, or the test suite's shared instance): every socket connection is the same single session, and
 * PGlite hands a notification to whichever connection's statement produced it, that is, the one that committed (found
 * by experiment: a LISTEN on a connection of its own hears nothing from the others). So the session LISTENs once, and
 * the notices are read from this app's own pool connections as their COMMITs return. Writes made by another process
 * through the same socket (a CLI working through the running server) are therefore not heard.
 */
@Injectable()
export class NoticeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly handlers: ((payload: string) => void)[] = [];
  private client: Client | null = null;
  private stopped = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  /** `session` on PGlite, `connection` on a server; null until started (or when live updates are off). */
  mode: 'session' | 'connection' | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Calls `fn` with the payload of every notice on the channel. */
  onNotice(fn: (payload: string) => void): void {
    this.handlers.push(fn);
  }

  async onApplicationBootstrap() {
    if (!this.config.LIVE_UPDATES) return;
    const [{ pglite }] = await this.ds.query(`SELECT version() LIKE '%PGlite%' AS pglite`);
    if (pglite) {
      this.mode = 'session';
      this.hearPoolConnections();
      await this.ds.query(`LISTEN ${TASK_CHANGED_CHANNEL}`);
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

  private deliver = (msg: Notification) => {
    if (msg.channel !== TASK_CHANGED_CHANNEL || msg.payload === undefined) return;
    for (const fn of this.handlers) fn(msg.payload);
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
      application_name: 'action-plan-tracker-live',
    });
    this.client = client;
    const lost = (why: string) => {
      if (this.client !== client || this.stopped) return;
      this.client = null;
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
      await client.query(`LISTEN ${TASK_CHANGED_CHANNEL}`);
      this.retryMs = RETRY_MIN_MS;
    } catch (err) {
      lost((err as Error).message);
    }
  }
}
