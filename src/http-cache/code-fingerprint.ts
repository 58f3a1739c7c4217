import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const CODE = /\.(js|ts)$/;
const SKIP = /\.(d\.ts|spec\.ts|spec\.js)$/;

/** Files under `dir` (recursively) that hold code, sorted; none when it does not exist. */
async function codeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && CODE.test(e.name) && !SKIP.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A hash of the code that computes answers (src/ and migrations/ beside it, compiled or not): instances of one
 * build agree on it, so an ETag from one is valid at the next behind a load balancer, and a deploy changes every
 * ETag, so no client keeps an answer the new code would compute differently. Read once, off the start-up path.
 */
export async function codeFingerprint(root: string): Promise<string> {
  const files = [...(await codeFiles(join(root, 'src'))), ...(await codeFiles(join(root, 'migrations')))];
  const contents = await Promise.all(files.map((f) => readFile(f)));
  const h = createHash('sha256');
  files.forEach((file, i) => h.update(relative(root, file)).update('\0').update(contents[i]).update('\0'));
  return h.digest('base64url').slice(0, 22);
}
