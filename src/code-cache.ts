// V8's compiled code of one CommonJS file kept on disk: how start.ts loads the bundled server, on every Node version.
// - Node's own cache (module.enableCompileCache, Node ≥ 22.1) and v8-compile-cache write the data after the code has
//   run, and V8 refuses data made under other flags: the server changes some as it starts (main.ts's heap growth, and
//   the embedded database's worker, whose flags are the process's), so from the second start on every such cache of
//   the bundle was refused. This one is made right after compiling, before the file runs.
// - The file cannot import(): Node 20 drops a script's import() callback when its code comes from cached data. The
//   bundle has none (scripts/bundle-server.mjs turns them into require).
// - The cache file is named after the file's path, size and time, and Node's version and platform; V8 checks the data
//   again, and data it refuses is compiled afresh and replaced. Earlier builds' caches of the file are removed.
// - Cached data is code this process runs, and the default directory is under the shared temp dir: it is read and
//   written only in a directory of this user's that nobody else can write (made 0700), from files of this user's.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vm from 'node:vm';

/** The cache file for this build of the bundle on this Node: `<path hash>-<build and Node hash>.v8`. */
export function codeCacheFile(file: string, dir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache')): string {
  const { size, mtimeMs } = statSync(file);
  const hash = (...parts: unknown[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
  return join(dir, 'action-plan-tracker', `${hash(file)}-${hash(size, mtimeMs, process.version, process.arch)}.v8`);
}

/** Whether `path` is this user's and nobody else can write it (always, where there are no user ids). */
function isPrivate(path: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  try {
    const { uid, mode } = statSync(path);
    return uid === process.getuid() && (mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** What the load did with the cache: none there (or none possible), used, or there and rejected by V8. */
export type CodeCacheUse = 'none' | 'used' | 'rejected';

/**
 * Loads `file` as CommonJS, compiled with V8's cached data when there is some for this build of it; where there was
 * none, or V8 rejected it, the cache is written before the file runs.
 */
export function requireWithCodeCache(file: string): CodeCacheUse {
  let cacheFile: string | null = null;
  let cachedData: Buffer | undefined;
  try {
    cacheFile = codeCacheFile(file);
    if (existsSync(cacheFile) && isPrivate(dirname(cacheFile)) && isPrivate(cacheFile)) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache: compiled as usual
  }
  // CommonJS's own wrapper (Module.wrap, which Jest's module registry does not offer).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n});`;
  const script = new vm.Script(wrapped, {
    filename: file,
    cachedData,
  });
  // Made now, before the file runs: V8 checks that its flags are the ones the data was made under, and the server
  // changes some as it starts (main.ts's heap growth; the embedded database's worker, which shares them).
  if (cacheFile && (!cachedData || script.cachedDataRejected)) writeCodeCache(cacheFile, script);
  const mod = { id: file, filename: file, exports: {}, loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
}

function writeCodeCache(cacheFile: string, script: vm.Script): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(dir)) return;
    const prefix = cacheFile.slice(dir.length + 1, cacheFile.indexOf('-', dir.length + 1) + 1);
    // Earlier builds' caches of the same bundle go.
    for (const name of readdirSync(dir)) if (name.startsWith(prefix)) rmSync(join(dir, name), { force: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
  } catch {
    // a cache that cannot be written only costs the speed-up
  }
}
