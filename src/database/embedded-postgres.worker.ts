import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedPostgres } from './embedded-postgres';
import { compactHeap } from '../common/compact-heap';

// PGlite's WASM is compiled by V8's baseline compiler only (Liftoff), before PGlite.create compiles it: optimising
// its hot functions with TurboFan held ~40 MB more RSS (compiler zones kept by malloc) and took CPU from the start,
// for no measurable gain in request latency on an embedded data set (bench/embedded-memory.js; BENCHMARKS.md).
// V8 flags are per process: only this worker compiles WebAssembly of any size.
// Set at run time, --liftoff-only alone is not enough on Node 24 (V8 13): the flags it implies are worked out only when
// V8 starts, so dynamic tiering went on compiling with TurboFan (peak malloc ~600 MB, idle RSS ~85 MB higher; with the
// two flags below as well, Node 24's idle RSS fell from 306 to 261 MB; BENCHMARKS.md, "The bundled start").
setFlagsFromString('--liftoff-only');
setFlagsFromString('--no-wasm-dynamic-tiering');
setFlagsFromString('--no-wasm-tier-up');

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
    // A new data dir is made by a second PGlite and an initdb WASM instance (with memories of their own); nothing in
    // an idle worker makes V8 collect them, so RSS stayed ~500 MB higher after a first start. One full collection
    // once PGlite is up frees them (~35 ms on Node 24, where it is the memory-reducing kind: compact-heap.ts).
    compactHeap();
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
