import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../common/config/app-config';
import { DataVersionService } from './data-version.service';
import { NoticeListener } from '../notices/notice-listener';
import { CacheCounters, writesData } from './answer-cache.rules';
import { isGraphqlUrl } from '../common/graphql-path';

/** The NOTIFY channel every writing transaction sends on (migration DataChangedNotice, in bump_data_version()). */
export const DATA_CHANGED_CHANNEL = 'tracker_data_changed';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Entry {
  value: unknown;
  epoch: number;
  /** Bytes it holds, roughly (a kept GraphQL reply: its length; the rows of an aggregate: a nominal 4 KB). */
  size: number;
}

/** What an aggregate's rows are counted as against ANSWER_CACHE_MAX_BYTES. */
const NOMINAL_SIZE = 4096;

interface MercuriusHooks {
  addHook(name: 'preExecution', fn: (schema: unknown, document: DocumentNode, context: object) => Promise<void>): void;
  addHook(name: 'onResolution', fn: (execution: unknown, context: object) => Promise<void>): void;
}

/**
 * Answers of the per-plan aggregates kept in memory until the data changes, so a dashboard's poll costs no SQL.
 *
 * Correctness rests on one number, the epoch: every entry is stored with the epoch its computation STARTED in, and
 * is served only while the epoch has not moved. The epoch moves (and the entries go) when:
 * - this instance has run a write: a GraphQL document with a mutation, after it resolved and before its reply is
 *   sent, or any other non-GET request (the import) as its reply is sent. A read that began before the write
 *   committed started in the old epoch and is not stored; one that begins after the bump reads after the commit.
 *   So a read after an acknowledged write on the same instance never sees the old answer;
 * - a `tracker_data_changed` notice arrives: every writing transaction sends one at commit (a trigger), so the
 *   writes of other instances, CLIs and SQL by hand end cached answers as soon as PostgreSQL delivers the notice;
 * - the data state read every ANSWER_CACHE_CHECK_MS has changed: the data version (a change whose notice was not
 *   heard) or "today" in a plan's time zone (overdue counts turn at midnight with no write);
 * - the LISTEN connection is lost or comes back (notices were missed).
 * Without a working signal (LISTEN down, the data state unreadable, or ANSWER_CACHE=false) nothing is cached.
 * Concurrent misses of one key in one epoch share one computation.
 */
@Injectable()
export class AnswerCache implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnswerCache');
  private readonly entries: LRUCache<string, Entry>;
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly mutations = new WeakSet<object>();
  private epoch = 0;
  private lastState: string | null = null;
  private checking = false;
  private timer: NodeJS.Timeout | null = null;
  readonly counters: CacheCounters = { hits: 0, misses: 0, uncached: 0, invalidations: 0 };

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly listener: NoticeListener,
    private readonly versions: DataVersionService,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.entries = new LRUCache<string, Entry>({
      max: config.ANSWER_CACHE_MAX_ENTRIES,
      maxSize: config.ANSWER_CACHE_MAX_BYTES,
      sizeCalculation: (e) => e.size,
    });
  }

  /** The answer for `key`: kept if the data has not changed since it was computed, else computed (and kept). */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.active()) {
      this.counters.uncached++;
      return compute();
    }
    const epoch = this.epoch;
    const kept = this.entries.get(key);
    if (kept && kept.epoch === epoch) {
      this.counters.hits++;
      return kept.value as T;
    }
    this.counters.misses++;
    const flight = `${epoch}\0${key}`;
    const running = this.computing.get(flight);
    if (running) return running as Promise<T>;
    const computation = compute().then(
      (value) => {
        this.computing.delete(flight);
        // Stored only if nothing changed while it ran: its reads may predate a write that committed meanwhile.
        this.store(key, value, epoch);
        return value;
      },
      (err: unknown) => {
        this.computing.delete(flight);
        throw err;
      },
    );
    this.computing.set(flight, computation);
    return computation;
  }

  /** The epoch now: pass it to `store` with an answer computed from here on. */
  epochNow(): number {
    return this.epoch;
  }

  /** The kept answer for `key`, if the data has not changed since it was computed (and the cache is on). */
  peek(key: string): unknown {
    if (!this.active()) return undefined;
    const kept = this.entries.get(key);
    if (!kept || kept.epoch !== this.epoch) return undefined;
    this.counters.hits++;
    return kept.value;
  }

  /**
   * Keeps an answer whose computation started in `epoch` (from epochNow), unless the data may have changed since:
   * its reads may predate a write that committed meanwhile. Answers larger than a tenth of the cache are not kept.
   */
  store(key: string, value: unknown, epoch: number, size = NOMINAL_SIZE): void {
    if (this.epoch !== epoch || !this.active() || size > this.config.ANSWER_CACHE_MAX_BYTES / 10) return;
    this.entries.set(key, { value, epoch, size: size + key.length });
  }

  /** Forget every answer: the data may have changed. */
  invalidate(): void {
    this.epoch++;
    this.counters.invalidations++;
    this.entries.clear();
  }

  /** Answers are kept only while a change would be heard. */
  active(): boolean {
    return this.config.ANSWER_CACHE && this.listener.listening && this.lastState !== null;
  }

  /** Answers held now (tests and /metrics). */
  size(): number {
    return this.entries.size;
  }

  onModuleInit() {
    if (!this.config.ANSWER_CACHE) return;
    this.listener.onNotice(DATA_CHANGED_CHANNEL, () => this.invalidate());
    this.listener.onState(() => this.invalidate());
  }

  async onApplicationBootstrap() {
    if (!this.config.ANSWER_CACHE) return;
    const graphql = (this.adapterHost.httpAdapter?.getInstance() as { graphql?: MercuriusHooks } | undefined)?.graphql;
    graphql?.addHook('preExecution', async (_schema, document, context) => {
      if (writesData(document)) this.mutations.add(context);
    });
    graphql?.addHook('onResolution', async (_execution, context) => {
      if (this.mutations.has(context)) this.invalidate();
    });
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.ANSWER_CACHE_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastState = null;
  }

  /** A write through any other route (the import): forget the answers as its reply goes out. Call before the routes exist. */
  register(fastify: FastifyInstance) {
    if (!this.config.ANSWER_CACHE) return;
    fastify.addHook('onSend', async (request, _reply, payload) => {
      if (!SAFE_METHODS.has(request.method) && !isGraphqlUrl(request.url)) this.invalidate();
      return payload;
    });
  }

  /** Reads the data state; a change, or a failure to read it, ends every kept answer. */
  private async check() {
    if (this.checking) return;
    this.checking = true;
    try {
      const state = await this.versions.check();
      if (this.lastState !== null && state !== this.lastState) this.invalidate();
      this.lastState = state;
    } catch (err) {
      if (this.lastState !== null) this.logger.warn(`The data version could not be read (${(err as Error).message}); answers are not cached until it can.`);
      this.lastState = null;
      this.invalidate();
    } finally {
      this.checking = false;
    }
  }
}
