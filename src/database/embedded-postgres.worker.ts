import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * Worker-thread entry of startEmbeddedPostgresInWorker (embedded-postgres-thread.ts): PGlite and its socket server
 * run here. Messages: in "publish", "stop"; out { type: 'ready', url }, { type: 'error', message, stack, code },
 * { type: 'stopped', error? }.
 */
const { dataDir, maxConnections, role } = workerData as { dataDir: string; maxConnections: number; role: string };
const port = parentPort!;

const describe = (err: unknown) => ({
  message: err instanceof Error ? err.message : String(err),
  stack: err instanceof Error ? err.stack : undefined,
  code: (err as { code?: unknown } | null)?.code,
});

startEmbeddedPostgres(dataDir, maxConnections, role).then(
  (db) => {
    port.on('message', (msg) => {
      if (msg === 'publish') db.publish();
      if (msg !== 'stop') return;
      db.stop().then(
        () => port.postMessage({ type: 'stopped' }),
        (err: unknown) => port.postMessage({ type: 'stopped', error: describe(err) }),
      );
    });
    port.postMessage({ type: 'ready', url: db.url });
  },
  (err: unknown) => port.postMessage({ type: 'error', ...describe(err) }),
);
