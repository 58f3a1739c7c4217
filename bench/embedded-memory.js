#!/usr/bin/env node
'use strict';
// Issue 11 item 5: idle RSS and first answer of the embedded product (PGlite in DATA_DIR), as `npm start` runs it
// (its command from package.json: node's flags and dist/src/start.js, the bundled server and its code cache; build
// first). A fresh temp data dir is created and seeded by a first start (which also writes the code cache), then the
// product is started `--runs` times on it: each
// time the first answered GraphQL query is timed from spawn, then /health/ready is awaited and VmRSS
// (/proc/<pid>/status) read after `--settle` seconds of idleness.
//   node bench/embedded-memory.js [--runs 3] [--settle 5] [--env NAME=VALUE ...] [--node-arg ARG ...] [--dist DIR]
//                                 [--no-start-flags]   (without the node flags npm start gives)
//                                 [--main FILE]   (--main dist/src/main.js: the unbundled build, as before issue 11)
//                                 [--load S]      (after the last run's idle RSS: S seconds of read load, 4 connections
//                                                  cycling the seed's questions, then RSS at its peak and after --settle)
// With --load, give `--env ANSWER_CACHE=false` to make every request do its work (with the cache, repeats are free).
// Prints each run, the medians and the load average (the machine may be shared: compare medians of one sitting).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const systems = require('./lib/systems');
const { TOKEN, npmStartArgs } = require('./lib/common');
const { burst } = require('./lib/load');

function parse(argv) {
  const o = { runs: 3, settle: 5, env: {}, nodeArgs: [], dist: path.join(__dirname, '..', 'dist'), main: null, load: 0, startFlags: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--settle') o.settle = Number(next());
    else if (a === '--dist') o.dist = path.resolve(next());
    else if (a === '--main') o.main = path.resolve(next());
    else if (a === '--load') o.load = Number(next());
    else if (a === '--no-start-flags') o.startFlags = false;
    else if (a === '--node-arg') o.nodeArgs.push(next());
    else if (a === '--env') {
      const [k, ...v] = next().split('=');
      o.env[k] = v.join('=');
    } else throw new Error(`unknown option ${a} (--runs N, --settle S, --env NAME=VALUE, --node-arg ARG, --dist DIR, --main FILE, --load S, --no-start-flags)`);
  }
  if (!(o.runs >= 1) || !(o.settle >= 0) || !(o.load >= 0)) throw new Error('--runs must be ≥ 1, --settle and --load ≥ 0');
  return o;
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The seed's questions an analyst and a dashboard ask, cycled by every connection. */
const LOAD_QUERIES = [
  '{ progressByArea(planCode: "yrd-2024-2026") { area { ordinal name } taskCount notReported completed overdue completionRate } }',
  '{ progressByRegion(planCode: "yrd-2024-2026") { region { code } taskCount completed overdue } }',
  '{ roundComparison { plan { code } declaredTaskCount catalogedTaskCount reportedCompletion { value qualifier } } }',
  '{ tasks(planCode: "yrd-2024-2026", first: 50) { totalCount edges { node { code title status progress area { name } leadRegions { code } } } } }',
  '{ tasks(first: 20, filter: { search: "长三角" }) { totalCount edges { node { code title } } } }',
];

/** `--load`: S seconds of read load on the idle server, then its RSS after --settle. */
async function loadWhileUp({ port, pid, rssMb }, o) {
  const server = { port, cpuMs: () => systems.readCpuMs(pid) ?? 0, rssMb };
  const requests = LOAD_QUERIES.map((query) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query }),
  }));
  const b = await burst({ server, requests, connections: 4, seconds: o.load, pg: null });
  await systems.sleep(o.settle * 1000);
  return { burst: b, afterMb: rssMb() };
}

async function main() {
  const o = parse(process.argv.slice(2));
  // One key sends the load: lift its per-minute budget (600 by default), as whoever runs a load test would.
  if (o.load > 0) o.env = { RATE_LIMIT_PER_MINUTE: '1000000', ...o.env };
  // npm start's node flags (package.json), then --node-arg's; its script, or --main, in --dist.
  const startArgs = npmStartArgs();
  const script = startArgs[startArgs.length - 1];
  if (o.startFlags) o.nodeArgs = [...startArgs.slice(0, -1), ...o.nodeArgs];
  const main = o.main ?? path.join(o.dist, path.relative('dist', script));
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-embedded-memory-'));
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-embedded-memory-logs-'));
  const start = (label, whileIdle = null) =>
    systems.timeEmbeddedStart({
      whileIdle,
      dataDir,
      token: TOKEN,
      logDir,
      command: [process.execPath, ...o.nodeArgs, main],
      label,
      extraEnv: o.env,
      settleMs: o.settle * 1000,
    });
  const stop = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    console.log(
      `data dir ${dataDir}, logs ${logDir}, env ${JSON.stringify(o.env)}, node ${o.nodeArgs.join(' ') || '(no flags)'}, settle ${o.settle} s, load average ${load()}`,
    );
    const fresh = await start('create');
    console.log(`new data dir (migrate + seed): first answer ${fresh.firstAnswerMs} ms, idle RSS ${fresh.idleRssMb?.toFixed(0)} MB`);
    const runs = [];
    for (let i = 0; i < o.runs; i++) {
      const r = await start(`again-${i}`, o.load > 0 && i === o.runs - 1 ? (up) => loadWhileUp(up, o) : null);
      runs.push(r);
      console.log(
        `existing data dir, run ${i + 1}: first answer ${r.firstAnswerMs} ms, ready ${r.readyMs} ms, RSS at first answer ${r.rssMb?.toFixed(0)} MB, idle RSS ${r.idleRssMb?.toFixed(0)} MB`,
      );
    }
    const loaded = runs[runs.length - 1].extra;
    if (loaded) {
      const b = loaded.burst;
      console.log(
        `under load (last run, ${o.load} s, 4 connections): ${b.rps.toFixed(0)} req/s, p95 ${b.p95} ms, ${b.errors} errors${b.firstError ? ` (first: ${b.firstError.slice(0, 160)})` : ''}, peak RSS ${b.rssMb?.toFixed(0)} MB; ${o.settle} s later ${loaded.afterMb?.toFixed(0)} MB`,
      );
    }
    const m = { firstAnswerMs: median(runs.map((r) => r.firstAnswerMs)), idleRssMb: median(runs.map((r) => r.idleRssMb)) };
    console.log(`median of ${o.runs}: first answer ${m.firstAnswerMs} ms, idle RSS ${m.idleRssMb?.toFixed(0)} MB (load average ${load()})`);
    return 0;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
