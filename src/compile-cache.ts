// Loaded first by main.ts: Node's on-disk cache of compiled module code (Node ≥ 22.1; absent on older Node, where
// this does nothing). A start loads ~1,700 CommonJS modules, and compiling them is a good part of the time to the
// first answer; from the second start on they come from the cache (NODE_COMPILE_CACHE names its directory, else
// Node's own under the temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
import * as nodeModule from 'node:module';

const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
if (typeof enable === 'function') {
  try {
    enable();
  } catch {
    // a cache that cannot be written only costs the speed-up
  }
}
