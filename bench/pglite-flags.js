#!/usr/bin/env node
'use strict';
// Issue 11 item 5: what V8's WebAssembly flags cost PGlite's memory, and whether they take effect when set at run time
// (v8.setFlagsFromString, as the product's worker sets them) or only on the command line. Each case runs in a child
// process of this Node: PGlite.create on a copy of a data dir made once here, a workload that makes its hot functions
// hot (10,000 rows inserted, aggregated and sorted 20 times), then RSS and V8's peak malloc are printed.
//   node bench/pglite-flags.js            (run it with each Node to compare: Node 24 set by the API kept TurboFan on)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CASES = [
  ['no flags', 'api', []],
  ['--liftoff-only', 'api', ['--liftoff-only']],
  ['--liftoff-only', 'command line', ['--liftoff-only']],
  ["the worker's three", 'api', ['--liftoff-only', '--no-wasm-dynamic-tiering', '--no-wasm-tier-up']],
];

const child = String.raw`
const v8 = require('node:v8');
for (const f of JSON.parse(process.env.API_FLAGS)) v8.setFlagsFromString(f);
(async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(process.env.DATA);
  if (process.env.SETUP) { await db.close(); return; }
  await db.exec('CREATE TABLE IF NOT EXISTS t (id int, v text); TRUNCATE t; INSERT INTO t SELECT i, md5(i::text) FROM generate_series(1, 10000) i');
  for (let i = 0; i < 20; i++) await db.query('SELECT count(*), max(v), (SELECT string_agg(v, \',\' ORDER BY v) FROM (SELECT v FROM t ORDER BY v LIMIT 100) x) FROM t');
  const s = require('node:fs').readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(k + ':\\s+(\\d+)').exec(s)[1]);
  console.log(JSON.stringify({ rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, peakMalloc: v8.getHeapStatistics().peak_malloced_memory / 1048576 }));
  await db.close();
})();`;

function run(dir, nodeFlags, apiFlags, setup = false) {
  const out = execFileSync(process.execPath, [...nodeFlags, '-e', child], {
    cwd: path.join(__dirname, '..'), // the product's node_modules hold PGlite
    env: { ...process.env, DATA: dir, API_FLAGS: JSON.stringify(apiFlags), SETUP: setup ? '1' : '' },
    encoding: 'utf8',
  });
  return setup ? null : JSON.parse(out.trim().split('\n').pop());
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-pglite-flags-'));
try {
  const template = path.join(tmp, 'template');
  run(template, [], [], true);
  console.log(`Node ${process.version} (V8 ${process.versions.v8}); median of 3 runs per case`);
  for (const [name, where, flags] of CASES) {
    const runs = [0, 1, 2].map((i) => {
      const dir = path.join(tmp, `run-${name.replace(/\W+/g, '')}-${where.replace(/\W+/g, '')}-${i}`);
      fs.cpSync(template, dir, { recursive: true });
      return where === 'api' ? run(dir, [], flags) : run(dir, flags, []);
    });
    const med = (k) =>
      runs
        .map((r) => r[k])
        .sort((a, b) => a - b)[1]
        .toFixed(0);
    console.log(`${name.padEnd(20)} set by ${where.padEnd(12)}: RSS ${med('rss')} MB (anonymous ${med('anon')} MB), V8 peak malloc ${med('peakMalloc')} MB`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
