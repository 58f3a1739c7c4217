import { TaskLoaders } from '../tasks/task.loaders';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { ProgressService } from '../progress/progress.service';
import { AreaProgress } from '../progress/progress.types';
import { TaskUpdateEntity } from '../task-updates/task-update.entity';
import { TaskEntity } from '../tasks/task.entity';
import { areaIdByCode, planIdByCode } from '../tasks/task-links';
import { LiveClient } from './live-client';
import { LiveQueue } from './live-queue';
import { NoticeListener } from '../notices/notice-listener';
import { AppConfig } from '../common/config/app-config';
import { parseTaskChangeNotice, TASK_CHANGED_CHANNEL, TaskChangeNotice } from '../task-updates/task-change-notice';

/** One delivery: the value, and the loaders its fields resolve through (made once per burst, shared by every subscriber). */
export interface LiveEvent<T> {
  value: T;
  loaders: RequestLoaders;
}

export interface TaskChange {
  task: TaskEntity;
  update: TaskUpdateEntity | null;
}

type TaskEvent = LiveEvent<TaskChange> & { notice: TaskChangeNotice };

/** Subscriptions one connection may hold (graphql-ws multiplexes them over one socket). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
/** Bursts a subscription may have waiting (a burst is what one commit, or one turn of the event loop, announced). */
export const MAX_PENDING_BURSTS = 100;
/** A plan's progress is recomputed at most once per this window, however many changes arrive in it. */
export const PROGRESS_WINDOW_MS = 250;

interface Subscriber<T> {
  client: LiveClient;
  queue: LiveQueue<T>;
}

/**
 * Fan-out of task changes to this instance's subscribers. Every instance hears every change (NoticeListener); the
 * notices of one turn of the event loop are read together, once, whatever the number of subscribers (tasks and history
 * rows by key through one set of loaders), and handed to each subscription of the plan as one shared burst. Each
 * subscriber's events are then resolved with its own principal, so field roles hold (a DASHBOARD never gets notes).
 * A plan's progress is recomputed at most once per PROGRESS_WINDOW_MS, only while someone subscribes to it.
 */
@Injectable()
export class LiveEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly taskSubscribers = new Map<number, Set<Subscriber<TaskEvent>>>();
  private readonly progressSubscribers = new Map<number, { code: string; subscribers: Set<Subscriber<LiveEvent<AreaProgress[]>>> }>();
  private pending: TaskChangeNotice[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private readonly progressTimers = new Map<number, NodeJS.Timeout>();
  private open = 0;
  /** Progress recomputations so far (tests and benchmarks check the coalescing with it). */
  progressRecomputations = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly listener: NoticeListener,
    private readonly progress: ProgressService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Before the listener starts (it LISTENs at bootstrap to the channels asked for by then). */
  onModuleInit() {
    if (this.config.LIVE_UPDATES) this.listener.onNotice(TASK_CHANGED_CHANNEL, (payload) => this.received(payload));
  }

  onApplicationShutdown() {
    for (const timer of this.progressTimers.values()) clearTimeout(timer);
    this.progressTimers.clear();
  }

  /** Subscriptions open on this instance (for a gauge). */
  openSubscriptions(): number {
    return this.open;
  }

  /** The changes to the plan's tasks (of one area, when given), as a subscription's event stream. */
  async subscribeTasks(planCode: string, areaCode: string | null, client: LiveClient): Promise<LiveQueue<TaskEvent>> {
    return this.subscribe(client, async () => {
      const planId = await planIdByCode(this.ds.manager, planCode);
      const areaId = areaCode === null ? null : await areaIdByCode(this.ds.manager, planId, planCode, areaCode);
      const accept = areaId === null ? undefined : (e: TaskEvent) => e.notice.area === areaId || e.notice.fromArea === areaId;
      return { key: planId, set: this.setOf(this.taskSubscribers, planId), accept };
    });
  }

  /** The plan's progress by area after each change (at most one answer per PROGRESS_WINDOW_MS). */
  async subscribeProgress(planCode: string, client: LiveClient): Promise<LiveQueue<LiveEvent<AreaProgress[]>>> {
    return this.subscribe(client, async () => {
      const [plan] = await this.ds.query('SELECT id, code FROM plan WHERE lower(code) = lower($1)', [planCode]);
      if (!plan) await planIdByCode(this.ds.manager, planCode); // throws NOT_FOUND
      let entry = this.progressSubscribers.get(plan.id);
      if (!entry) this.progressSubscribers.set(plan.id, (entry = { code: plan.code, subscribers: new Set() }));
      return { key: plan.id, set: entry.subscribers, accept: undefined };
    });
  }

  private async subscribe<T>(
    client: LiveClient,
    resolve: () => Promise<{ key: number; set: Set<Subscriber<T>>; accept?: (e: T) => boolean }>,
  ): Promise<LiveQueue<T>> {
    if (client.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      throw new DomainException(
        ErrorCode.RATE_LIMITED,
        `A connection may hold ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions; open another connection or end one`,
      );
    }
    client.subscriptions++;
    let target: Awaited<ReturnType<typeof resolve>>;
    try {
      target = await resolve();
    } catch (err) {
      client.subscriptions--;
      throw err;
    }
    const subscriber: Subscriber<T> = { client, queue: undefined as unknown as LiveQueue<T> };
    subscriber.queue = new LiveQueue<T>(
      MAX_PENDING_BURSTS,
      {
        onOverflow: () => client.drop(`more than ${MAX_PENDING_BURSTS} bursts of events waiting`),
        onEnd: () => {
          target.set.delete(subscriber);
          client.subscriptions--;
          this.open--;
        },
      },
      target.accept,
    );
    target.set.add(subscriber);
    this.open++;
    return subscriber.queue;
  }

  private setOf<T>(map: Map<number, Set<T>>, key: number): Set<T> {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  }

  private received(payload: string) {
    const notice = parseTaskChangeNotice(payload);
    if (!notice) return;
    this.scheduleProgress(notice.plan);
    if (!this.taskSubscribers.get(notice.plan)?.size) return;
    this.pending.push(notice);
    if (this.flushQueued) return;
    this.flushQueued = true;
    // The notices of one commit arrive together: read them after this turn, as one burst, one after another.
    setImmediate(() => {
      this.flushQueued = false;
      const notices = this.pending;
      this.pending = [];
      this.flushing = this.flushing.then(() => this.publishTasks(notices));
    });
  }

  /** Reads the announced tasks and history rows once (two statements per burst) and hands each plan its burst. */
  private async publishTasks(notices: TaskChangeNotice[]) {
    try {
      const loaders = new RequestLoaders(this.ds);
      const tasks = await loaders.of(TaskLoaders).task.loadMany(notices.map((n) => n.task));
      const withHistory = notices.filter((n) => n.version > 1);
      const updates = withHistory.length
        ? await this.ds
            .getRepository(TaskUpdateEntity)
            .createQueryBuilder('u')
            .where('(u.task_id, u.version) IN (SELECT * FROM unnest(:tasks::int[], :versions::int[]))', {
              tasks: withHistory.map((n) => n.task),
              versions: withHistory.map((n) => n.version),
            })
            .getMany()
        : [];
      const byKey = new Map(updates.map((u) => [`${u.taskId}:${u.version}`, u]));
      const byPlan = new Map<number, TaskEvent[]>();
      notices.forEach((notice, i) => {
        const task = tasks[i];
        if (!(task instanceof TaskEntity)) return; // gone since (never deleted today), or the read failed
        const event = { notice, loaders, value: { task, update: byKey.get(`${notice.task}:${notice.version}`) ?? null } };
        const burst = byPlan.get(notice.plan);
        if (burst) burst.push(event);
        else byPlan.set(notice.plan, [event]);
      });
      for (const [planId, burst] of byPlan) {
        for (const subscriber of this.taskSubscribers.get(planId) ?? []) this.deliver(subscriber, burst);
      }
    } catch (err) {
      this.logger.warn(`Could not read ${notices.length} announced task change(s); their subscribers miss them: ${(err as Error).message}`);
    }
  }

  private deliver<T>(subscriber: Subscriber<T>, burst: T[]) {
    if (subscriber.client.tooSlow()) subscriber.client.drop('reads slower than its events arrive');
    else subscriber.queue.push(burst);
  }

  private scheduleProgress(planId: number) {
    if (!this.progressSubscribers.get(planId)?.subscribers.size || this.progressTimers.has(planId)) return;
    const timer = setTimeout(() => {
      // Changes from now on schedule the next recomputation: none is lost to this one's snapshot.
      this.progressTimers.delete(planId);
      void this.publishProgress(planId);
    }, PROGRESS_WINDOW_MS);
    this.progressTimers.set(planId, timer);
  }

  private async publishProgress(planId: number) {
    const entry = this.progressSubscribers.get(planId);
    if (!entry?.subscribers.size) return;
    try {
      const loaders = new RequestLoaders(this.ds);
      this.progressRecomputations++;
      const value = await this.progress.byArea(entry.code, loaders);
      for (const subscriber of entry.subscribers) this.deliver(subscriber, [{ value, loaders }]);
    } catch (err) {
      this.logger.warn(`Could not recompute the progress of plan ${entry.code} for its subscribers: ${(err as Error).message}`);
    }
  }
}
