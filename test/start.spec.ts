// `npm start` (its command line from package.json: dist/src/start.js, as `npm ci` builds it): the bundled server,
// dist/server/main.js, started twice on a new embedded data dir, the second time from the compiled-code cache the first
// start wrote.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheFile } from '../src/code-cache';
import { freePort } from './support/free-port';
import { uniq } from './support/test-app';

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist/server/main.js');
const TOKEN = `start-spec-admin-token-${uniq()}-0123456789`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
/** `npm start`'s command line, split into words (its first word is node). */
const START = PACKAGE.scripts.start.split(' ');

describe('npm start: the bundled server and its code cache', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'apt-start-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'apt-start-cache-'));
  let child: ChildProcess | undefined;
  let output = '';

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** `npm start`'s command; resolves with its address once a GraphQL query is answered. */
  async function start(): Promise<{ base: string; firstAnswerMs: number }> {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    output = '';
    const began = Date.now();
    child = spawn(process.execPath, START.slice(1), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        BOOTSTRAP_ADMIN_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
        NODE_COMPILE_CACHE: cacheDir,
      },
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
      const plans = await plansOf(base).catch(() => null);
      if (plans) return { base, firstAnswerMs: Date.now() - began };
      if (Date.now() > deadline) throw new Error(`npm start did not answer:\n${output}`);
      await sleep(100);
    }
  }

  async function plansOf(base: string): Promise<string[]> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: '{ plans { code areas { code } } }' }),
    });
    const body = (await res.json()) as { data?: { plans: { code: string; areas: unknown[] }[] } };
    if (!body.data) throw new Error(JSON.stringify(body));
    return body.data.plans.map((p) => `${p.code}:${p.areas.length}`);
  }

  async function stop() {
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  }

  it('is the one command of npm start, start:prod and the image', () => {
    expect(START[0]).toBe('node');
    expect(START[START.length - 1]).toBe('dist/src/start.js');
    expect(PACKAGE.scripts['start:prod']).toBe(PACKAGE.scripts.start);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(JSON.parse(cmd![1])).toEqual(START);
  });

  it('is built by npm ci, with no import() left in it but TypeORM’s file loader (never used: entities are classes)', () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const bundle = readFileSync(BUNDLE, 'utf8');
    const dynamicImports = bundle.match(/.{0,40}\bimport\(/g) ?? [];
    expect(dynamicImports).toEqual([expect.stringContaining('Function("return filePath => import(')]);
    // @nestjs/typeorm's compatibility module reads the bundled TypeORM, not a second one from node_modules.
    const compat = /typeorm-compat\.js"\(\)\{(.{0,300})/.exec(bundle);
    expect(compat?.[1]).toBeDefined();
    expect(compat![1]).not.toContain('createRequire');
    expect(bundle).toMatch(/function resolveTypeormExport\(exportName\)\{try\{return require_typeorm\(\)\[exportName\]/);
  });

  it('answers from the bundle, is ready, writes its code cache, and starts again from it with the same answers', async () => {
    const first = await start();
    const plans = await plansOf(first.base);
    expect(plans).toEqual(expect.arrayContaining([expect.stringMatching(/^yrd-2024-2026:9$/)]));
    expect((await fetch(`${first.base}/health/ready`)).status).toBe(200);
    const cache = codeCacheFile(BUNDLE, cacheDir);
    expect(readdirSync(join(cacheDir, 'action-plan-tracker'))).toEqual([cache.slice(cache.lastIndexOf('/') + 1)]);
    expect(statSync(cache).size).toBeGreaterThan(100_000);
    const written = statSync(cache).mtimeMs;
    await stop();

    const second = await start();
    expect(await plansOf(second.base)).toEqual(plans);
    expect((await fetch(`${second.base}/health/ready`)).status).toBe(200);
    // Accepted by V8 although the first start changed V8's flags as it ran: a refused cache is written again.
    expect(statSync(cache).mtimeMs).toBe(written);
    await stop();
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 400_000);
});
