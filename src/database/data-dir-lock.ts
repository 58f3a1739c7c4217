// One data dir, one owner: the process that opens an embedded data dir holds a lock file in it, naming itself
// (pid and, on Linux, the process's start time and the boot id, so a pid reused after a crash or a container restart
// is not taken for the owner). Other processes read the file: a live owner serves the database on its private socket
// (they connect there); a dead one left a stale lock, which the next process breaks. Plain Node, no Nest or PGlite
// import: both the main thread and the embedded database's worker thread use it.
import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the lock file says about its owner. */
export interface DataDirOwner {
  pid: number;
  /** Process start time in clock ticks since boot (/proc/PID/stat field 22); null off Linux. */
  start: string | null;
  boot: string | null;
  /** What holds the dir: "server", or the CLI's name. */
  role: string;
  since: string;
  /** The directory holding the owner's Unix socket (.s.PGSQL.5432), once it listens. */
  socketDir?: string;
  /** True once the owner's schema is current (migrations run): others may connect. */
  ready?: boolean;
}

/** The dir is held by a live process. */
export class DataDirInUseError extends Error {
  readonly code = 'EDATADIRINUSE';
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${owner.pid} (${owner.role}, since ${owner.since}). ` +
        'Only one process may open an embedded data dir: stop that process first, or use a different DATA_DIR.',
    );
  }
}

/** Private to the owner (0700): the lock file and the database socket live here. */
export const runDir = (dataDir: string) => join(resolve(dataDir), '.tracker');

/** PostgreSQL's socket file name in a directory; pg connects to `${host}/.s.PGSQL.${port}` when host is a path. */
const SOCKET_PORT = 5432;
export const socketFile = (dir: string) => join(dir, `.s.PGSQL.${SOCKET_PORT}`);

/** The URL of an embedded database's socket in dir: superuser postgres, guarded by the directory's 0700 mode. */
export const socketUrl = (dir: string) => `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${SOCKET_PORT}`;
const lockFile = (dataDir: string) => join(runDir(dataDir), 'owner.json');

const readText = (file: string) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

/** This process's start time, read the same way as another's (so the two compare). */
function startTime(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  // Fields after the command name (which may hold spaces and parentheses); starttime is field 22.
  return stat ? (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null) : null;
}

function me(role: string): DataDirOwner {
  return { pid: process.pid, start: startTime(process.pid), boot: readText('/proc/sys/kernel/random/boot_id'), role, since: new Date().toISOString() };
}

/** Whether the process the lock names is still running (and is the same process, where that can be told). */
export function isAlive(owner: DataDirOwner): boolean {
  const boot = readText('/proc/sys/kernel/random/boot_id');
  if (owner.boot && boot && owner.boot !== boot) return false; // rebooted since
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  return startTime(owner.pid) === owner.start;
}

/** The lock file's owner, or null when there is none (or it is being written). */
export function readOwner(dataDir: string): DataDirOwner | null {
  const text = readText(lockFile(dataDir));
  if (!text) return null;
  try {
    const owner = JSON.parse(text) as DataDirOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/** The live owner of the dir, or null. */
export function liveOwner(dataDir: string): DataDirOwner | null {
  const owner = readOwner(dataDir);
  return owner && isAlive(owner) ? owner : null;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const ageMs = (path: string) => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

export interface DataDirLock {
  owner: DataDirOwner;
  /** Rewrites the lock file with more about the owner (its socket, its readiness). */
  update(patch: Partial<DataDirOwner>): void;
  release(): void;
}

/**
 * Takes the dir for this process, or throws DataDirInUseError naming the live owner. A lock whose process is gone
 * (killed, crashed, rebooted) is broken at once; two processes breaking the same stale lock take turns.
 */
export function lockDataDir(dataDir: string, role: string): DataDirLock {
  const dir = runDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = lockFile(dataDir);
  const owner = me(role);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 200) throw err;
    }
    const holder = readOwner(dataDir);
    if (holder && isAlive(holder)) throw new DataDirInUseError(resolve(dataDir), holder);
    // An unreadable file younger than a second is being written by its owner right now.
    if (!holder && ageMs(file) < 1000) {
      sleepSync(20);
      continue;
    }
    breakStaleLock(file, holder);
  }
  let released = false;
  return {
    owner,
    update(patch) {
      Object.assign(owner, patch);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
      renameSync(tmp, file);
    },
    release() {
      if (released) return;
      released = true;
      const current = readOwner(dataDir);
      if (current?.pid === owner.pid && current.start === owner.start && current.since === owner.since) rmSync(file, { force: true });
    },
  };
}

/** Removes a stale lock file, unless another process replaced it meanwhile (a mkdir guard makes breakers take turns). */
function breakStaleLock(file: string, seen: DataDirOwner | null) {
  const guard = `${file}.breaking`;
  try {
    mkdirSync(guard);
  } catch {
    // Another process is breaking it; a guard left by a crash expires.
    if (ageMs(guard) > 10000) rmSync(guard, { recursive: true, force: true });
    sleepSync(20);
    return;
  }
  try {
    const now = readOwner(dirOfLock(file));
    if (JSON.stringify(now) === JSON.stringify(seen)) unlinkSync(file);
  } catch {
    // gone already
  } finally {
    rmdirSync(guard);
  }
}

const dirOfLock = (file: string) => resolve(file, '..', '..');
