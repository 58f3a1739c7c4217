#!/usr/bin/env node
'use strict';
// Benchmark harness: the product against PostGraphile (the peer) and a bare Fastify route (the limit).
//   node bench/run.js [--smoke] [--sizes 165,10000,100000] [--duration 10] [--rounds 3] ...   (see --help)
// The full run needs the bench package (cd bench && npm ci); --smoke needs only the product's node_modules.
// The parts: lib/options (arguments), lib/setup (build, databases, systems), lib/answers, lib/http (requests and
// statement counts), lib/writes (S4/S5), lib/measure (one size of the full run), lib/smoke, lib/embedded-start,
// lib/report (BENCHMARKS.md), lib/live (live updates: fan-out latency, writes with NOTIFY); lib/shapes holds the query
// shapes A–F and their budgets.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const db = require('./lib/database');
const systems = require('./lib/systems');
const report = require('./lib/report');
const { parseArgs } = require('./lib/options');
const { build } = require('./lib/setup');
const { runSize } = require('./lib/measure');
const { smoke } = require('./lib/smoke');
const { runEmbedded } = require('./lib/embedded-start');
const { runLive } = require('./lib/live');
const { t0, log, stamp, cleanUp } = require('./lib/common');

/** Writes BENCHMARKS.md; a hand-written block between the findings markers survives regeneration. */
function writeReport(all, out) {
  const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  const kept = /<!-- findings -->[\s\S]*?<!-- \/findings -->/.exec(previous)?.[0] ?? null;
  fs.writeFileSync(out, report.markdown(all, kept));
}

/** When the PostgreSQL server started (waits up to `waitMs` for it to accept connections). */
async function serverStart(baseUrl, waitMs = 0) {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return await db.withClient(db.databaseUrl(baseUrl, 'postgres'), async (c) => (await c.query('SELECT pg_postmaster_start_time()::text AS t')).rows[0].t);
    } catch (err) {
      if (Date.now() > until) return `unreachable: ${err.message}`;
      await systems.sleep(1000);
    }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (opts.fromResults) {
    writeReport(JSON.parse(fs.readFileSync(opts.fromResults, 'utf8')), opts.out);
    log(`wrote ${opts.out}`);
    return 0;
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-'));
  // Ctrl-C or a SIGTERM stops the servers this run started and drops its databases (unless kept) before exiting.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`\n${signal}: stopping servers and dropping bench databases`);
      cleanUp().then(
        () => process.exit(130),
        () => process.exit(130),
      );
    });
  }
  log(`${stamp()} logs in ${logDir}`);
  if (opts.build) build();
  if (opts.smoke) {
    const failed = await smoke(opts, baseUrl, logDir);
    // Progress over time (bench/over-time.js): answers equal to the history read directly, one statement per request.
    log(`\n${stamp()} progress over time (node bench/over-time.js --smoke)`);
    const overTimeFailed = await require('./over-time').main(['--smoke', '--no-build']);
    // Live updates in a cheap form: every subscriber gets every update, and writes succeed with notices on and off.
    const live = await runLive({ baseUrl, logDir, subscribers: 50, updates: 3, writers: 4, seconds: 2, rounds: 1, keepDb: opts.keepDb });
    if (live.failures.length) log(`\nLIVE SMOKE FAILED:\n  ${live.failures.join('\n  ')}`);
    return failed || overTimeFailed || (live.failures.length ? 1 : 0);
  }
  try {
    require.resolve('autocannon');
    if (opts.peer) require.resolve('postgraphile');
  } catch {
    throw new Error('the full run needs the bench package: (cd bench && npm ci), or run with --smoke');
  }
  const machine = await report.machine(baseUrl);
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const results = [];
  for (const size of sizes) {
    // The PostgreSQL server is shared: when it restarts under a size (another session's doing), wait and redo the size once.
    for (let attempt = 1; ; attempt++) {
      const before = await serverStart(baseUrl);
      try {
        const r = await runSize(size, opts, baseUrl, logDir, size === sizes[sizes.length - 1]);
        if (attempt < 2 && (await serverStart(baseUrl, 120000)) !== before) throw new Error('the server restarted while measuring');
        results.push(r);
        break;
      } catch (err) {
        const after = await serverStart(baseUrl, 120000);
        if (attempt >= 2 || before === after) throw err;
        log(`${stamp()} the PostgreSQL server restarted during this size (${err.message}); running it again`);
      }
    }
  }
  const embedded = opts.embedded ? await runEmbedded(logDir) : null;
  const all = { opts, machine, results, embedded, seconds: (Date.now() - t0) / 1000 };
  fs.writeFileSync(path.join(logDir, 'results.json'), JSON.stringify(all, null, 2));
  writeReport(all, opts.out);
  log(`\n${report.summaryTable(all)}`);
  log(`\n${stamp()} wrote ${opts.out} and ${path.join(logDir, 'results.json')}`);
  const wrong = results.flatMap((r) =>
    Object.entries(r.answers).flatMap(([s, by]) =>
      Object.entries(by)
        .filter(([, d]) => d)
        .map(([n]) => `${r.size} ${s} ${n}`),
    ),
  );
  if (wrong.length) {
    log(`wrong answers: ${wrong.join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
