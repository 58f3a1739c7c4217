// Bundles the dashboard (Preact, ECharts tree-shaken to the charts it draws, graphql-ws) from node_modules into
// dist/dashboard (part of `npm run build`), so /dashboard works on a closed network under a strict content security
// policy. Prints the bundle's size, plain and gzipped. `--metafile` also writes what each package adds.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', '..', '..', 'dist', 'dashboard');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await build({
  entryPoints: { dashboard: join(here, 'main.tsx') },
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'linked',
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
  metafile: true,
});
if (process.argv.includes('--metafile')) await writeFile(join(outdir, '..', 'dashboard-meta.json'), JSON.stringify(result.metafile));

// Served precompressed where the browser accepts gzip.
const sizes = [];
for (const name of await readdir(outdir)) {
  if (!/\.(js|css)$/.test(name)) continue;
  const body = await readFile(join(outdir, name));
  const gz = gzipSync(body, { level: 9 });
  await writeFile(join(outdir, `${name}.gz`), gz);
  sizes.push(`${name} ${(body.length / 1024).toFixed(0)} KB (${(gz.length / 1024).toFixed(0)} KB gzipped)`);
}
console.log(`dashboard bundle: ${sizes.join(', ')}`);
