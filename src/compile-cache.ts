// Loaded first by main.ts: Node's on-disk cache of compiled module code (Node ≥ 22.1; absent on older Node, where
// this does nothing). It serves `node dist/src/main.js`, which loads ~1,700 modules, and, under `npm start`, only the
// modules the bundle leaves outside (pg, PGlite, the database worker): the bundle itself has code-cache.ts's cache,
// since Node's would be refused (see there). NODE_COMPILE_CACHE names its directory, else Node's own under the temp
// dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import * as nodeModule from 'node:module';

const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
if (typeof enable === 'function') {
  try {
    enable();
  } catch {
    // a cache that cannot be written only costs the speed-up
  }
}
