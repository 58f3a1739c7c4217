import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { codeCacheFile } from '../src/code-cache';

// code-cache.ts: how `npm start` loads the bundled server on Node < 22.1 (start.ts). Real files, real V8 cached data,
// and each load in a process of its own: within one process V8 finds a script it compiled before in memory and never
// looks at the cached data, so only a new process shows whether the cache was used.
describe('the code cache of the bundled server (code-cache.ts)', () => {
  let dir: string;
  let cacheDir: string;
  const saved = process.env.NODE_COMPILE_CACHE;

  let loader: string;
  beforeAll(() => {
    // The module as it is now (not an older dist/), compiled for the child processes.
    const source = readFileSync(join(__dirname, '..', 'src', 'code-cache.ts'), 'utf8');
    const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } });
    loader = join(mkdtempSync(join(tmpdir(), 'apt-code-cache-loader-')), 'code-cache.js');
    writeFileSync(loader, outputText);
  });
  afterAll(() => rmSync(join(loader, '..'), { recursive: true, force: true }));

  /** requireWithCodeCache(file) in a new process; what it did with the cache. */
  const requireWithCodeCache = (file: string): string =>
    execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(loader)}).requireWithCodeCache(process.argv[1]));`, file], {
      env: { ...process.env, NODE_COMPILE_CACHE: cacheDir },
      encoding: 'utf8',
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'apt-code-cache-'));
    cacheDir = join(dir, 'cache');
    process.env.NODE_COMPILE_CACHE = cacheDir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_COMPILE_CACHE;
    else process.env.NODE_COMPILE_CACHE = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A CommonJS file that, like the bundle, uses require (of a built-in, a package and an ES module, as the bundle
   * requires PGlite), module and __dirname. It reports through a file beside it, result.json.
   */
  function writeProgram(name: string, marker: string) {
    writeFileSync(join(dir, 'esm.mjs'), 'export const answer = 42;\n');
    const file = join(dir, name);
    writeFileSync(
      file,
      `const fs = require('node:fs'); const path = require('node:path');
       function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }
       const out = { marker: ${JSON.stringify(marker)}, dir: __dirname, file: __filename, same: module.exports === exports, work: work(1000),
         esm: require('./esm.mjs').answer, pkg: typeof require(${JSON.stringify(require.resolve('pg'))}).Client };
       fs.writeFileSync(path.join(__dirname, 'result.json'), JSON.stringify(out));\n`,
    );
    return file;
  }
  /** What the program last reported (and then forgets it). */
  const result = async (): Promise<Record<string, unknown>> => {
    const at = join(dir, 'result.json');
    expect(existsSync(at)).toBe(true);
    const out = JSON.parse(readFileSync(at, 'utf8'));
    rmSync(at);
    return out;
  };

  it('runs the file as CommonJS: its require (an ES module too), __dirname, __filename and module', async () => {
    const file = writeProgram('server.js', 'first');
    expect(requireWithCodeCache(file)).toBe('none');
    expect(await result()).toEqual({ marker: 'first', dir, file, same: true, work: 499500, esm: 42, pkg: 'function' });
  });

  it('writes the cache, and the next load uses it', async () => {
    const file = writeProgram('server.js', 'cached');
    expect(requireWithCodeCache(file)).toBe('none');
    const cacheFile = codeCacheFile(file);
    expect(cacheFile.startsWith(join(cacheDir, 'action-plan-tracker'))).toBe(true);
    expect(existsSync(cacheFile)).toBe(true);
    expect(statSync(cacheFile).size).toBeGreaterThan(0);

    expect(requireWithCodeCache(file)).toBe('used');
    expect((await result()).marker).toBe('cached');
    const written = statSync(cacheFile).mtimeMs;
    expect(requireWithCodeCache(file)).toBe('used');
    expect(statSync(cacheFile).mtimeMs).toBe(written); // an accepted cache is not written again
  });

  it('never runs an old build: a rebuilt file gets a cache of its own, and the old one is removed', async () => {
    const file = writeProgram('server.js', 'old');
    requireWithCodeCache(file);
    const oldCache = codeCacheFile(file);
    expect(existsSync(oldCache)).toBe(true);

    // Same length, other code, a later time: as a rebuild writes it.
    writeProgram('server.js', 'new');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(codeCacheFile(file)).not.toBe(oldCache);
    expect(requireWithCodeCache(file)).toBe('none');
    expect((await result()).marker).toBe('new');
    expect([existsSync(codeCacheFile(file)), existsSync(oldCache)]).toEqual([true, false]);
    expect(readdirSync(join(cacheDir, 'action-plan-tracker'))).toHaveLength(1);
  });

  it('compiles afresh when the cached data is not V8’s, and replaces it', async () => {
    const file = writeProgram('server.js', 'garbage');
    const cacheFile = codeCacheFile(file);
    requireWithCodeCache(file);
    expect(existsSync(cacheFile)).toBe(true);
    writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    expect(requireWithCodeCache(file)).toBe('rejected');
    expect((await result()).marker).toBe('garbage');
    expect(statSync(cacheFile).size).not.toBe(4096);
    expect(requireWithCodeCache(file)).toBe('used');
  });

  it('neither reads nor writes a cache in a directory others can write (cached data is code this process runs)', async () => {
    const file = writeProgram('server.js', 'shared');
    expect(requireWithCodeCache(file)).toBe('none');
    const cacheFile = codeCacheFile(file);
    expect(statSync(join(cacheDir, 'action-plan-tracker')).mode & 0o777).toBe(0o700);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(requireWithCodeCache(file)).toBe('used');

    chmodSync(join(cacheDir, 'action-plan-tracker'), 0o777);
    const planted = statSync(cacheFile).mtimeMs;
    expect(requireWithCodeCache(file)).toBe('none');
    expect((await result()).marker).toBe('shared');
    expect(statSync(cacheFile).mtimeMs).toBe(planted); // not written there either

    chmodSync(join(cacheDir, 'action-plan-tracker'), 0o700);
    chmodSync(cacheFile, 0o666);
    expect(requireWithCodeCache(file)).toBe('none');
  });

  it('still runs when the cache directory cannot be written', async () => {
    const file = writeProgram('server.js', 'unwritable');
    writeFileSync(cacheDir, 'a file where the directory should be');
    expect(requireWithCodeCache(file)).toBe('none');
    expect((await result()).marker).toBe('unwritable');
  });
});
