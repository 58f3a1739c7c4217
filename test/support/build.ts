import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
/** What every `npm run build` writes anew (the TypeScript output is incremental; these three bundles are not). */
const OUTPUTS = ['dist/server/main.js', 'dist/graphiql/graphiql.js', 'dist/dashboard/dashboard.js'];
const SOURCES = ['src', 'migrations', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Whether dist/ was built after the last change to anything the build reads. */
export function buildIsCurrent(): boolean {
  const outputs = OUTPUTS.map((p) => join(ROOT, p));
  if (!outputs.every((p) => existsSync(p))) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return SOURCES.every((p) => newestMtime(join(ROOT, p)) <= built);
}

/**
 * `npm run build`, unless dist/ is current: the specs that run dist/ (the CLIs, `npm start`) need it as the sources
 * say, and a build takes a minute or more; CI's `npm ci` has just made it.
 */
export async function ensureBuilt(): Promise<void> {
  if (!buildIsCurrent()) await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT, timeout: 300_000 });
}
