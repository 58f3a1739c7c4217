import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DataDirLock, lockDataDir, runDir, socketFile, socketUrl } from './data-dir-lock';

export interface EmbeddedPostgres {
  /** A postgres:// URL the normal `pg` driver connects to (a Unix socket in a directory only this user can enter). */
  url: string;
  /** Marks the database as ready for other processes (the CLIs) to connect: call once migrations have run. */
  publish(): void;
  stop(): Promise<void>;
}

/**
 * PostgreSQL settings for PGlite, after its own defaults (single user, no parallel workers). Its shared_buffers default
 * (128MB) lives in the WASM heap and is touched at start: ~115 MB of RSS before any query. The embedded database holds
 * one deployment's plans (thousands of tasks, a few MB), and PGlite reads its files through Node, so the operating
 * system's page cache still holds what does not fit (bench/embedded-memory.js measures the effect).
 */
export const EMBEDDED_SETTINGS = ['shared_buffers=16MB', 'wal_buffers=1MB'];

// sun_path holds 108 bytes on Linux and 104 on macOS, with the terminating NUL.
const MAX_SOCKET_PATH = 103;

/** A new directory only this user can enter (for memory:// and for data dirs too deep for a socket path). */
const privateTempDir = () => mkdtempSync(join(tmpdir(), 'apt-pg-'));

/**
 * Starts PGlite (PostgreSQL compiled to WASM) in this process and serves it on a Unix socket in a directory only this
 * user can enter (DATA_DIR/.tracker, mode 0700; a private temp dir for memory://), so the app and its CLIs talk to it
 * through the same `pg` driver they use for a real server and nobody else can connect: no TCP port is opened.
 * A data dir is locked for this process first (data-dir-lock.ts): DataDirInUseError when a live process holds it.
 * All connections share one PGlite session: transactions are serialised by the socket server.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 64, role = 'server'): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  let socketDir: string;
  let ownSocketDir = false;
  if (inMemory) {
    socketDir = privateTempDir();
    ownSocketDir = true;
  } else {
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o700 });
    lock = lockDataDir(dataDir, role);
    socketDir = runDir(dataDir);
    if (socketFile(socketDir).length > MAX_SOCKET_PATH) {
      socketDir = privateTempDir();
      ownSocketDir = true;
    }
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    if (!inMemory) {
      // PGlite writes its files world-readable; PostgreSQL's own rule is a data dir only its owner can enter.
      chmodSync(resolve(dataDir), 0o700);
      chmodSync(runDir(dataDir), 0o700);
    }
    // A socket file left by a killed owner; the lock says it is ours now.
    rmSync(socketFile(socketDir), { force: true });
    // pg_trgm backs the trigram indexes task search uses (see migrations); PGlite loads contrib extensions on demand.
    db = await PGlite.create(inMemory ? dataDir : resolve(dataDir), {
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((setting) => ['-c', setting])],
    });
    server = new PGLiteSocketServer({ db, path: socketFile(socketDir), maxConnections });
    await server.start();
    lock?.update({ socketDir });
  } catch (err) {
    await server?.stop();
    await db?.close();
    if (ownSocketDir) rmSync(socketDir, { recursive: true, force: true });
    lock?.release();
    throw err;
  }
  const [openDb, openServer] = [db, server];
  let stopped: Promise<void> | undefined;
  return {
    url: socketUrl(socketDir),
    publish() {
      lock?.update({ ready: true });
    },
    stop() {
      stopped ??= (async () => {
        try {
          await openServer.stop();
          await openDb.close();
        } finally {
          rmSync(ownSocketDir ? socketDir : socketFile(socketDir), { recursive: true, force: true });
          lock?.release();
        }
      })();
      return stopped;
    },
  };
}
