import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const CODE = /\.(js|ts)$/;
const SKIP = /\.(d\.ts|spec\.ts|spec\.js)$/;

/** Files under `dir` (recursively) that hold code, sorted. */
function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(path));
    else if (CODE.test(entry.name) && !SKIP.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/**
 * A hash of the code that computes answers (src/ and migrations/ beside it, compiled or not): instances of one
 * build agree on it, so an ETag from one is valid at the next behind a load balancer, and a deploy changes every
 * ETag, so no client keeps an answer the new code would compute differently. Read once at start-up (~150 files).
 */
export function codeFingerprint(root: string): string {
  const h = createHash('sha256');
  for (const dir of ['src', 'migrations']) {
    for (const file of codeFiles(join(root, dir))) h.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return h.digest('base64url').slice(0, 22);
}
