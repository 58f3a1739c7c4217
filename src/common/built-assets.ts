import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** dist/<name> under the package root, where `npm run build` bundles a page's assets (from src/ under Jest, or dist/src/). */
export function builtAssetsDir(name: string, from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', name);
}
