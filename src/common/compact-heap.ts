import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

let gc: Gc | undefined;

/** V8 12 (Node 22) and later know the "last-resort" flavour; V8 11 (Node 20) takes the options for a lesser collection. */
const lastResortKnown = Number(process.versions.v8.split('.')[0]) >= 12;

/**
 * One full, memory-reducing garbage collection of this thread's heap, once its start-up is over: nothing in an idle
 * process makes V8 give back what starting took. On Node 22 and 24 it is V8's "last-resort" collection, which also
 * shrinks the young generation a start had grown to ~30 MB (Node 24: idle RSS 269 → 236 MB for ~110 ms, two
 * collections; BENCHMARKS.md, "The bundled start"). Node 20's V8 given those options freed less (the embedded worker kept initdb's memories:
 * 692 MB after a first start instead of 340), so there it is a plain full collection. Run before the server listens,
 * so no request waits on it. `--expose-gc` gives a `gc` only to contexts made after it is set; this one's global object stays
 * as it was.
 */
export function compactHeap(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
  }
  if (lastResortKnown) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  else gc();
}
