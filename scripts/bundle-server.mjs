// Bundles the compiled server (dist/src/main.js, from `nest build`) and the packages it loads into one CommonJS file,
// dist/server/main.js, which `npm start` runs (dist/src/start.js). Part of `npm run build`.
//
// Why: a start otherwise loads ~1,700 modules (most of NestJS 12 as ES modules through require()), and resolving,
// reading and compiling them is most of the time to the first answer; one file is read once, and its compiled code
// is cached by start.js. Measured with `node bench/embedded-memory.js` (BENCHMARKS.md).
//
// What keeps the bundle equal to the unbundled build:
// - class and function names are kept (keepNames): NestJS, TypeORM and the GraphQL schema read them;
// - `__dirname` in the app's own files is rewritten to the file's directory in dist/src, so the embedded database
//   worker, the GraphiQL and dashboard assets and the code fingerprint are found where they are without the bundle;
// - `import.meta.url` and `import.meta.resolve` (in ES modules bundled as CommonJS) resolve from the bundle;
// - PGlite and pg stay outside (see `external`), and so does every optional
//   package that is not installed (NestJS's microservices, Apollo federation, …): their import() stays as it was and
//   is never reached, as without the bundle.
// The identifiers are not minified, so a stack trace still names the functions.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The build to bundle: dist/, or another tsc output named on the command line (test/shutdown.spec.ts's own build).
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const entry = join(dist, 'src', 'main.js');
const outfile = join(dist, 'server', 'main.js');
// PGlite loads its WASM and data files next to its own modules. TypeORM loads the pg driver with a require() esbuild
// cannot follow, so pg stays outside too: one copy for TypeORM and the app.
const external = ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'pg-native'];
const own = new RegExp(`^${dist.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(src|migrations)/.*\\.js$`);

const notInstalled = new Set();
const resolution = {
  name: 'resolution',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      if (external.some((e) => args.path === e || args.path.startsWith(`${e}/`))) return { path: args.path, external: true };
      const found = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'inner' });
      if (found.errors.length === 0) return found;
      notInstalled.add(args.path);
      return { path: args.path, external: true };
    });
    // @nestjs/typeorm reads two exports TypeORM 1.x no longer has through createRequire(import.meta.url)('typeorm'),
    // which esbuild cannot see: it loaded a second TypeORM (~300 modules) at every start. As a plain require() it is
    // the bundled one.
    b.onLoad({ filter: /[\\/]@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = 'const require = createRequire(import.meta.url);';
      if (!text.includes(line)) console.warn(`${args.path}: "${line}" not found; the bundle may load a second TypeORM`);
      return { contents: text.replace(line, ''), loader: 'js' };
    });
    b.onLoad({ filter: own }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const dir = JSON.stringify(relative(dirname(outfile), dirname(args.path)));
      return { contents: text.replace(/\b__dirname\b/g, `require("node:path").join(__dirname, ${dir})`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() becomes require(): start.ts compiles the bundle with V8's cached data, and Node 20 drops a script's
  // import() callback when its code comes from that cache (code-cache.ts).
  supported: { 'dynamic-import': false },
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [resolution],
  define: { 'import.meta.url': '__bundleUrl', 'import.meta.resolve': '__bundleResolve' },
  banner: {
    js: [
      'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;',
      // Bundled ES modules ask import.meta.resolve whether an optional package is installed (@nestjs/terminus).
      'var __bundleResolve = (s) => require("node:url").pathToFileURL(require.resolve(s)).href;',
    ].join(' '),
  },
});
console.log(`${relative(process.cwd(), outfile)} bundled; left outside as not installed: ${[...notInstalled].sort().join(', ') || 'none'}`);
