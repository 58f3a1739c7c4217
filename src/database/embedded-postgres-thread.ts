import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedPostgres } from './embedded-postgres';

interface WorkerError {
  message: string;
  stack?: string;
  code?: unknown;
}

/** The worker's error as thrown there (message, code and its stack, which shows the cause). */
const toError = (e: WorkerError) => Object.assign(new Error(e.message), e.stack ? { stack: e.stack } : {}, e.code === undefined ? {} : { code: e.code });

/**
 * startEmbeddedPostgres in a worker thread (embedded-postgres.worker.ts): PGlite's WASM start then overlaps with
 * whatever this thread does meanwhile (main.ts: loading Nest and the app), and SQL runs off this event loop.
 * This module loads no PGlite code itself, for the same reason. Without a compiled worker (the TypeScript sources
 * under Jest) PGlite starts in this thread.
 */
export async function startEmbeddedPostgresInWorker(dataDir: string, maxConnections = 64, role = 'server'): Promise<EmbeddedPostgres> {
  const script = join(__dirname, 'embedded-postgres.worker.js');
  if (!existsSync(script)) {
    const { startEmbeddedPostgres } = require('./embedded-postgres') as typeof import('./embedded-postgres');
    return startEmbeddedPostgres(dataDir, maxConnections, role);
  }
  const worker = new Worker(script, { workerData: { dataDir, maxConnections, role } });
  let onError!: (err: Error) => void;
  let onExit!: (code: number) => void;
  let onMessage!: (msg: { type: string; url?: string } & WorkerError) => void;
  let url: string;
  try {
    url = await new Promise<string>((ready, fail) => {
      onError = fail;
      onExit = (code) => fail(new Error(`The embedded database worker exited (code ${code}) while starting`));
      onMessage = (msg) => (msg.type === 'ready' ? ready(msg.url!) : fail(toError(msg)));
      worker.on('error', onError).on('exit', onExit).on('message', onMessage);
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    // Only ours: Worker keeps listeners of its own.
    worker.off('error', onError).off('exit', onExit).off('message', onMessage);
  }
  let stopped: Promise<void> | undefined;
  // From here on a failure of the worker ends the process, as it would with PGlite in this thread: an "error"
  // event without a listener throws, and so does an exit nobody asked for.
  worker.once('exit', (code) => {
    if (!stopped) throw new Error(`The embedded database worker stopped unexpectedly (code ${code})`);
  });
  return {
    url,
    publish() {
      if (!stopped) worker.postMessage('publish');
    },
    stop() {
      stopped ??= new Promise<void>((done, fail) => {
        worker.once('message', (msg: { type: string; error?: WorkerError }) => {
          // PGlite is closed (flushed to its data dir): nothing is left to do in the worker.
          void worker.terminate().then(() => (msg.error ? fail(toError(msg.error)) : done()), fail);
        });
        worker.once('exit', () => done());
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
