// Bundles GraphiQL, React and Monaco's workers from node_modules into dist/graphiql (part of `npm run build`),
// so /graphiql works offline and under a strict content security policy.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', '..', '..', 'dist', 'graphiql');
const common = { bundle: true, minify: true, legalComments: 'linked', logLevel: 'warning', target: 'es2022' };

await rm(outdir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { graphiql: join(here, 'graphiql.entry.mjs') },
    outdir,
    format: 'esm',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
    assetNames: '[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir,
    format: 'iife',
  }),
]);

// Served precompressed where the browser accepts gzip (the bundle is ~5 MB, ~1.3 MB gzipped).
for (const name of await readdir(outdir)) {
  if (/\.(js|css|ttf)$/.test(name)) await writeFile(join(outdir, `${name}.gz`), gzipSync(await readFile(join(outdir, name)), { level: 9 }));
}
