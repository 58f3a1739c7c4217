// Loads neither PGlite nor TypeORM up front: main.ts opens the database first, so the embedded one starts in its
// worker thread while the app's modules load.
import type { AppConfig } from '../common/config/app-config';
import { grantAppRole, historyRewriteRisk, historyRiskWarning, urlUser } from './app-role';
import { liveOwner, socketUrl } from './data-dir-lock';
import { DatabaseSetupError } from './database-setup.error';
import { startEmbeddedPostgresInWorker } from './embedded-postgres-thread';
import { connectOrExplain } from './server-preflight';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /**
   * Largest safe pool. PGlite is one session behind a socket server that queues protocol messages one by one,
   * so two connections' extended-protocol messages can interleave outside a transaction (seen here: 200
   * concurrent writers made a third request's statement fail with 22P02). One connection avoids it and costs
   * nothing: PGlite runs one statement at a time anyway.
   */
  maxPoolSize: number;
  /** False when an embedded data dir is served by another process (a CLI working through the running server). */
  owner: boolean;
  /** What the operator should know (logged at start-up): e.g. the app's role could rewrite history. */
  warnings: string[];
  /** Lets other processes (the CLIs) connect to an embedded database this process owns: call once migrations ran. */
  publish(): void;
  stop(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** The owner's URL on a server: migrations run as it, then it grants the app role (DATABASE_URL's user). */
  migrationDatabaseUrl?: string;
  dataDir: string;
  /** "server" refuses an embedded data dir a live process holds; a CLI's name works through that process instead. */
  role?: string;
  connectTimeoutMs?: number;
}

/** How long a CLI waits for the process that holds the data dir to finish starting (a first start seeds the data set). */
const OWNER_READY_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Uses DATABASE_URL when set (after a first connection that explains a missing database or a refused login, and the
 * owner's migrations and grants when MIGRATION_DATABASE_URL names another role), else the embedded PGlite database
 * in dataDir: started here (in a worker thread) when no live process holds the dir, else, for a CLI, reached through
 * the socket of the process that does.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const role = opts.role ?? 'server';
  if (opts.databaseUrl) return openServer(opts.databaseUrl, opts.migrationDatabaseUrl, opts.connectTimeoutMs ?? 3000);
  if (role === 'server' || opts.dataDir.startsWith('memory://')) return startOwn(opts.dataDir, role);
  const deadline = Date.now() + OWNER_READY_WAIT_MS;
  for (;;) {
    const holder = liveOwner(opts.dataDir);
    if (!holder) {
      try {
        return await startOwn(opts.dataDir, role);
      } catch (err) {
        if (!(err instanceof DatabaseSetupError && liveOwner(opts.dataDir))) throw err;
        continue; // another process took the dir meanwhile: work through it
      }
    }
    if (holder.ready && holder.socketDir) {
      return {
        url: socketUrl(holder.socketDir),
        embedded: true,
        maxPoolSize: 1,
        owner: false,
        warnings: [],
        publish: () => undefined,
        stop: async () => undefined,
      };
    }
    if (Date.now() > deadline) {
      throw new DatabaseSetupError(
        `DATA_DIR ${opts.dataDir} is held by process ${holder.pid} (${holder.role}), which has not become ready in ${OWNER_READY_WAIT_MS / 1000} s.`,
      );
    }
    await sleep(200);
  }
}

/** openDatabase with the settings of the configuration. */
export const openConfiguredDatabase = (config: AppConfig, role = 'server') =>
  openDatabase({
    databaseUrl: config.DATABASE_URL,
    migrationDatabaseUrl: config.MIGRATION_DATABASE_URL,
    dataDir: config.DATA_DIR,
    role,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });

async function startOwn(dataDir: string, role: string): Promise<DatabaseHandle> {
  try {
    const embedded = await startEmbeddedPostgresInWorker(dataDir, 64, role);
    return { url: embedded.url, embedded: true, maxPoolSize: 1, owner: true, warnings: [], publish: embedded.publish, stop: embedded.stop };
  } catch (err) {
    // Raised in the worker thread, so known by its code.
    if ((err as { code?: unknown }).code === 'EDATADIRINUSE') throw new DatabaseSetupError((err as Error).message);
    throw err;
  }
}

async function openServer(url: string, migrationUrl: string | undefined, connectTimeoutMs: number): Promise<DatabaseHandle> {
  const separateOwner = !!migrationUrl && migrationUrl !== url;
  if (separateOwner) await migrateAsOwner(migrationUrl, urlUser(url), connectTimeoutMs);
  const warnings: string[] = [];
  const client = await connectOrExplain(url, 'DATABASE_URL', connectTimeoutMs);
  if (client) {
    try {
      const risk = await historyRewriteRisk(client, !separateOwner);
      if (risk) warnings.push(historyRiskWarning(urlUser(url), risk));
    } finally {
      await client.end();
    }
  }
  return { url, embedded: false, maxPoolSize: Number.POSITIVE_INFINITY, owner: true, warnings, publish: () => undefined, stop: async () => undefined };
}

/** Runs pending migrations as the owner and grants the app role its privileges (each start: new tables get them too). */
export async function migrateAsOwner(ownerUrl: string, appRole: string, connectTimeoutMs: number): Promise<void> {
  const probe = await connectOrExplain(ownerUrl, 'MIGRATION_DATABASE_URL', connectTimeoutMs);
  await probe?.end();
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const { dataSourceOptions } = require('./data-source-options') as typeof import('./data-source-options');
  const ds = new DataSource(dataSourceOptions(ownerUrl, { poolSize: 1, statementTimeoutMs: 600000, connectTimeoutMs }));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await ds.transaction((m) => grantAppRole(m, appRole));
  } finally {
    await ds.destroy();
  }
}
