#!/usr/bin/env node
// Probe for issue 9 item 10 and issue 11 G/H: what an export or an import costs the rest of the server.
//   npm run build && node bench/probe-import-export.js [--db postgresql://…/tracker_x | --embedded] [--tasks 100000]
// Starts the built app (dist/) on a fresh database (a server database you name, or a new embedded data dir), fills
// one plan with --tasks tasks through the import route, then prints:
//   G  export of that plan (CSV, JSON): duration, the server's RSS rise, a cheap query's p95 at 20 req/s before/during;
//   H  a 10-row import into that plan: duration, and the latency of recordTaskUpdate on another task meanwhile;
//   10 a 45 MB CSV of commas and a 20,000-row import: /health/live's worst latency, read errors and p95 meanwhile.
// Every request goes to 127.0.0.1; loops are bounded in count and time; the server is stopped at the end.
'use strict';
const { performance } = require('node:perf_hooks');
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    embedded: { type: 'boolean', default: false },
    tasks: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3917' },
  },
});
if (!args.db && !args.embedded) throw new Error('give --db postgresql://127.0.0.1/… (a database of your own) or --embedded');
const TASKS = Number(args.tasks);
const BASE = `http://127.0.0.1:${args.port}`;
const TOKEN = `probe-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}-admin-token`;
const RATE_MS = 50; // 20 requests a second
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] : NaN);
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

async function gql(query, variables) {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function upload(planCode, csv) {
  const form = new FormData();
  form.set('planCode', planCode);
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'tasks.csv');
  const started = performance.now();
  const res = await fetch(`${BASE}/import/tasks`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  return { status: res.status, body: await res.json(), ms: performance.now() - started };
}

/** Fires `fn` every RATE_MS until stop() is called; returns the latencies and the number of failures. */
function steadyLoad(fn) {
  const latencies = [];
  let errors = 0;
  let running = true;
  const inflight = new Set();
  const timer = setInterval(() => {
    if (!running) return;
    const started = performance.now();
    const p = fn().then(
      (ok) => (ok ? latencies.push(performance.now() - started) : errors++),
      () => errors++,
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }, RATE_MS);
  return async () => {
    running = false;
    clearInterval(timer);
    await Promise.all(inflight);
    return { latencies, errors };
  };
}

function rssSampler(pid) {
  const read = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  const start = read();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, read())), 20);
  return () => {
    clearInterval(timer);
    return { start, peak };
  };
}

/** Polls /health/live (no database) every 50 ms: the event loop's responsiveness. */
const healthProbe = () => {
  const latencies = [];
  let on = true;
  const done = (async () => {
    for (let i = 0; on && i < 3000; i++) {
      const started = performance.now();
      await fetch(`${BASE}/health/live`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - started);
      await sleep(50);
    }
  })();
  return async () => {
    on = false;
    await done;
    return latencies;
  };
};

const csvOf = (rows) => `code,title\r\n${rows.map(([c, t]) => `${c},${t}`).join('\r\n')}\r\n`;

async function main() {
  const dataDir = args.embedded ? mkdtempSync(join(tmpdir(), 'probe-io-')) : null;
  const env = {
    ...process.env,
    PORT: args.port,
    HOST: '127.0.0.1',
    BOOTSTRAP_ADMIN_TOKEN: TOKEN,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    SEED_ON_START: 'false',
    NODE_ENV: 'production',
    ...(args.embedded ? { DATA_DIR: dataDir, DATABASE_URL: '' } : { DATABASE_URL: args.db }),
  };
  const server = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not become ready in 60 s');
      const ok = await fetch(`${BASE}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
    const run = Date.now().toString(36);
    const planCode = `probe-${run}`;
    const created = await gql('mutation($i: CreatePlanInput!) { createPlan(input: $i) { code } }', {
      i: { code: planCode, round: 9, title: '探针计划', periodStart: 2024, periodEnd: 2026 },
    });
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const fillStarted = performance.now();
    for (let from = 0; from < TASKS; from += 50_000) {
      const rows = Array.from({ length: Math.min(50_000, TASKS - from) }, (_, i) => [`T-${String(from + i).padStart(6, '0')}`, `探针任务${from + i}`]);
      const res = await upload(planCode, csvOf(rows));
      if (res.status !== 200 || res.body.errors.length) throw new Error(`fill failed: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    console.log(
      `database: ${args.embedded ? 'embedded PGlite' : 'PostgreSQL server'}; plan ${planCode} filled with ${TASKS} tasks in ${ms(performance.now() - fillStarted)}`,
    );

    const cheap = async () => !(await gql('query($c: String!) { plan(code: $c) { code title } }', { c: planCode })).errors;
    // A warm-up export, so the measured ones do not pay for a cold cache after the fill.
    await fetch(`${BASE}/export/tasks.csv?plan=${planCode}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.arrayBuffer());
    await sleep(1000);
    let stop = steadyLoad(cheap);
    await sleep(5000);
    const base = await stop();
    console.log(`\ncheap query alone: p95 ${ms(p95(base.latencies))} (${base.latencies.length} requests, ${base.errors} errors)`);

    // G: exports, back to back for about 5 s, under the same steady load.
    for (const format of ['csv', 'json']) {
      const rss = rssSampler(server.pid);
      const liveDuring = healthProbe();
      stop = steadyLoad(cheap);
      const durations = [];
      let bytes = 0;
      const until = performance.now() + 5000;
      while (performance.now() < until || durations.length === 0) {
        const started = performance.now();
        const res = await fetch(`${BASE}/export/tasks.${format}?plan=${planCode}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        bytes = (await res.arrayBuffer()).byteLength;
        durations.push(performance.now() - started);
      }
      const during = await stop();
      const live = await liveDuring();
      const mem = rss();
      console.log(
        `G export ${format.toUpperCase()}: ${durations.length} runs, ${ms(Math.min(...durations))}–${ms(Math.max(...durations))}, ${(bytes / 1e6).toFixed(1)} MB; ` +
          `RSS ${mem.start.toFixed(0)} → peak ${mem.peak.toFixed(0)} MB (+${(mem.peak - mem.start).toFixed(0)}); cheap query p95 ${ms(p95(during.latencies))} ` +
          `(${(p95(during.latencies) / p95(base.latencies)).toFixed(2)}× alone), ${during.errors} errors; /health/live p95 ${ms(p95(live))}, max ${ms(Math.max(...live))}`,
      );
    }

    // H: 10-row imports into the big plan, while another task of the plan takes progress reports.
    const other = (await gql('query($c: String!, $p: String!) { taskByCode(code: $c, planCode: $p) { id version } }', { c: 'T-000000', p: planCode })).data
      .taskByCode;
    let version = other.version;
    const reportLatencies = [];
    let reporting = true;
    const reporter = (async () => {
      for (let i = 0; reporting && i < 2000; i++) {
        const started = performance.now();
        const res = await gql('mutation($i: RecordTaskUpdateInput!) { recordTaskUpdate(input: $i) { version } }', {
          i: { taskId: other.id, expectedVersion: version, progress: i % 100 },
        });
        if (!res.errors) version = res.data.recordTaskUpdate.version;
        reportLatencies.push(performance.now() - started);
        await sleep(20);
      }
    })();
    const importTimes = [];
    for (let round = 0; round < 10; round++) {
      const rows = Array.from({ length: 10 }, (_, i) => [`T-${String(1000 + i * 997).padStart(6, '0')}`, `改名${round}-${i}`]);
      const res = await upload(planCode, csvOf(rows));
      if (res.body.updated !== 10) throw new Error(`10-row import: ${JSON.stringify(res.body).slice(0, 300)}`);
      importTimes.push(res.ms);
    }
    reporting = false;
    await reporter;
    console.log(
      `H 10-row import into the ${TASKS}-task plan: median ${ms([...importTimes].sort((a, b) => a - b)[5])}, max ${ms(Math.max(...importTimes))} (HTTP round trip); ` +
        `recordTaskUpdate on another task meanwhile: p95 ${ms(p95(reportLatencies))}, max ${ms(Math.max(...reportLatencies))}`,
    );

    // 9.10: hostile and large imports against /health/live and reads.
    let health = healthProbe();
    const commas = await upload(planCode, ','.repeat(45 * 1024 * 1024));
    let live = await health();
    console.log(
      `10 45 MB CSV of commas: HTTP ${commas.status} in ${ms(commas.ms)} (${JSON.stringify(commas.body.errors?.[0]?.message ?? commas.body.error?.message)}); /health/live max ${ms(Math.max(...live))}`,
    );

    const bulkPlan = `probe-bulk-${run}`;
    await gql('mutation($i: CreatePlanInput!) { createPlan(input: $i) { code } }', {
      i: { code: bulkPlan, round: 9, title: '探针批量', periodStart: 2024, periodEnd: 2026 },
    });
    health = healthProbe();
    stop = steadyLoad(cheap);
    const bulk = await upload(bulkPlan, csvOf(Array.from({ length: 20_000 }, (_, i) => [`B-${String(i).padStart(5, '0')}`, `批量${i}`])));
    const reads = await stop();
    live = await health();
    console.log(
      `10 20,000-row import: HTTP ${bulk.status}, created ${bulk.body.created} in ${ms(bulk.ms)}; meanwhile reads p95 ${ms(p95(reads.latencies))}, ` +
        `max ${ms(Math.max(...reads.latencies))}, ${reads.errors} errors of ${reads.latencies.length + reads.errors}; /health/live max ${ms(Math.max(...live))}`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
