import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inBackground } from '../common/sql/background';

/** How often the day deltas of every plan are folded (one row per group and day). */
export const COMPACT_EVERY_MS = 60_000;
/**
 * How often the key-task tallies are folded (one row per group). Readers sum a group's rows, and writers append about
 * three per task change: at 1,000 changes a second a 2 s round leaves ~6,000 rows to sum at worst, a minute 180,000.
 */
export const COMPACT_TALLIES_EVERY_MS = 2_000;
/** Advisory lock keys: one instance folds at a time (others skip that round). */
const COMPACT_LOCK = 1796510000;
const COMPACT_TALLIES_LOCK = 1796700000;

const logger = new Logger('ProgressCompactor');

/**
 * Writers only append rows to progress_day_delta (so they never wait on each other); this folds each group's rows of
 * one day into one, once a minute, so a question about a past day keeps reading about one row per group and day.
 * The same for the key-task tallies (task_tally, task_overdue_tally: progress now), every COMPACT_TALLIES_EVERY_MS.
 * A round is one statement under an advisory lock; rows appended meanwhile are left for the next round.
 */
@Injectable()
export class ProgressCompactor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private talliesTimer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private runningTallies: Promise<number> | null = null;
  /** The data version (migration DataVersion) when the tallies were last folded: no write since, nothing to fold. */
  private foldedAtVersion: string | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.compact().catch((err: Error) => logger.warn(`folding progress deltas failed: ${err.message}`)), COMPACT_EVERY_MS);
    this.timer.unref();
    this.talliesTimer = setInterval(
      () => void this.compactTalliesIfWritten().catch((err: Error) => logger.warn(`folding task tallies failed: ${err.message}`)),
      COMPACT_TALLIES_EVERY_MS,
    );
    this.talliesTimer.unref();
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    if (this.talliesTimer) clearInterval(this.talliesTimer);
    this.timer = this.talliesTimer = null;
    await this.running?.catch(() => undefined);
    await this.runningTallies?.catch(() => undefined);
  }

  /** Folds now; returns how many rows went (0 when another instance holds the lock). */
  async compact(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      if (!this.ds.isInitialized) return 0;
      const [{ removed }] = await this.ds.query(
        `SELECT CASE WHEN pg_try_advisory_xact_lock(${COMPACT_LOCK}) THEN progress_compact(NULL) ELSE 0 END AS removed`,
      );
      // The embedded database has no autovacuum: reclaim the folded rows' space here.
      if (removed > 0 && this.onePooledConnection()) await this.ds.query('VACUUM progress_day_delta');
      return removed as number;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /**
   * The timer's round: folds the tallies if anything was written since the last round (every writing transaction
   * moves the data version), so an idle instance sends one small read every COMPACT_TALLIES_EVERY_MS.
   */
  private async compactTalliesIfWritten(): Promise<number> {
    if (!this.ds.isInitialized) return 0;
    const [{ version }] = await this.ds.query(inBackground('SELECT COALESCE(sum(version), 0)::text AS version FROM data_version'));
    if (version === this.foldedAtVersion) return 0;
    const removed = await this.compactTallies();
    this.foldedAtVersion = version;
    return removed;
  }

  /** Folds the key-task tallies now; returns how many rows went (0 when another instance holds the lock). */
  async compactTallies(): Promise<number> {
    if (this.runningTallies) return this.runningTallies;
    this.runningTallies = (async () => {
      if (!this.ds.isInitialized) return 0;
      const [{ removed }] = await this.ds.query(
        `${inBackground('SELECT')} CASE WHEN pg_try_advisory_xact_lock(${COMPACT_TALLIES_LOCK}) THEN task_tally_compact() ELSE 0 END AS removed`,
      );
      if (removed > 0 && this.onePooledConnection()) await this.ds.query(inBackground('VACUUM task_tally, task_overdue_tally'));
      return removed as number;
    })();
    try {
      return await this.runningTallies;
    } finally {
      this.runningTallies = null;
    }
  }

  private onePooledConnection(): boolean {
    return (this.ds.options as { extra?: { max?: number } }).extra?.max === 1;
  }
}
