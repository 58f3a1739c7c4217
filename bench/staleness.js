#!/usr/bin/env node
'use strict';
// The answer cache's correctness, measured (issue "No cliffs", item 3): two product instances on one database,
// each keeping its replies. An editor writes through instance A; right after A acknowledges the write,
//   - A is asked the dashboard's question again: its reply must already show the write (read after write, same
//     instance: any old answer is a violation);
//   - B, which kept its reply from before the write, is asked the same question every millisecond until its reply
//     shows the write: how long that takes is B's staleness (the NOTIFY from A's transaction reaching B's LISTEN
//     connection; ANSWER_CACHE_CHECK_MS bounds it should the notice be lost).
// It also reports how many of A's and B's answers came from the cache (/metrics).
//   node bench/staleness.js [--writes 200] [--size 2000] [--keep-db]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildModel } = require('./lib/model');
const { prepareDatabase, dropLater } = require('./lib/setup');
const systems = require('./lib/systems');
const { TOKEN, log, stamp, cleanUp, onInterrupt } = require('./lib/common');
const { PLAN_CODE } = require('./lib/scenarios');

const HELP = `node bench/staleness.js [options]
  --writes N     writes through instance A (default 200)
  --size N       tasks in the generated data set (default 2000)
  --keep-db      keep the apt_bench_stale_* database
Needs a PostgreSQL server: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), on which it creates
and drops its database. Uses dist/ as it is (npm run build first).`;

function parseArgs(argv) {
  const o = { writes: 200, size: 2000, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=');
    const val = () => Number(inline ?? argv[++i]);
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--writes') o.writes = val();
    else if (name === '--size') o.size = val();
    else if (name === '--keep-db') o.keepDb = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  for (const k of ['writes', 'size']) if (!(Number.isInteger(o[k]) && o[k] >= 1)) throw new Error(`--${k} takes a positive integer`);
  return o;
}

const PROGRESS = `query($p: String!) { progressByArea(planCode: $p) { area { code } taskCount inProgress completed averageProgress } }`;
const WRITE = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version progress } }`;
const TASK = `query($p: String!) { tasks(planCode: $p, first: 1) { edges { node { id version area { code } } } } }`;

async function gql(server, query, variables) {
  const res = await fetch(server.url('/graphql'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function cacheFigures(server) {
  const text = await (await fetch(server.url('/metrics'), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const read = (name) => Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { hits: read('answer_cache_lookups_total{outcome="hit"}'), misses: read('answer_cache_lookups_total{outcome="miss"}') };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-stale-'));
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () =>
      cleanUp().then(
        () => process.exit(130),
        () => process.exit(130),
      ),
    );
  const dbName = `apt_bench_stale_${opts.size}_${process.pid}`;
  const drop = dropLater(baseUrl, dbName, opts.keepDb);
  const prep = await prepareDatabase(baseUrl, dbName, buildModel(opts.size), false);
  log(`${stamp()} database ${dbName}: ${prep.counts.tasks} tasks; logs in ${logDir}`);
  const a = await systems.startProduct({ databaseUrl: prep.url, token: TOKEN, logDir: fs.mkdtempSync(path.join(logDir, 'a-')) });
  const b = await systems.startProduct({ databaseUrl: prep.url, token: TOKEN, logDir: fs.mkdtempSync(path.join(logDir, 'b-')) });
  const stop = onInterrupt(async () => Promise.all([a.stop(), b.stop()]));
  try {
    const {
      tasks: {
        edges: [{ node: task }],
      },
    } = await gql(a, TASK, { p: PLAN_CODE });
    const areaOf = (data) => data.progressByArea.find((r) => r.area?.code === task.area.code);
    const write = async (completed) => {
      const input = { taskId: task.id, expectedVersion: version, status: completed ? 'COMPLETED' : 'IN_PROGRESS', progress: completed ? 100 : 50 };
      version = (await gql(a, WRITE, { input })).recordTaskUpdate.version;
    };
    let version = task.version;
    await write(false); // a known start: in progress
    const staleness = [];
    let violations = 0;
    for (let i = 0; i < opts.writes; i++) {
      // Both instances keep the current reply.
      const before = areaOf(await gql(b, PROGRESS, { p: PLAN_CODE }));
      await gql(a, PROGRESS, { p: PLAN_CODE });
      // The task goes from in progress to completed and back: the area's completed count moves by one each time.
      const completing = i % 2 === 0;
      const expected = before.completed + (completing ? 1 : -1);
      await write(completing);
      const acked = performance.now();
      // Read after write on A: never the old answer.
      if (areaOf(await gql(a, PROGRESS, { p: PLAN_CODE })).completed !== expected) violations++;
      // B: ask until its answer shows the write.
      for (;;) {
        if (areaOf(await gql(b, PROGRESS, { p: PLAN_CODE })).completed === expected) break;
        if (performance.now() - acked > 10_000) throw new Error(`B still answered from before write ${i} after 10 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
      staleness.push(performance.now() - acked);
    }
    staleness.sort((x, y) => x - y);
    const [fa, fb] = [await cacheFigures(a), await cacheFigures(b)];
    log(`${stamp()} ${opts.writes} writes through A (each moved the area's completed count by one)`);
    log(`  read after write on A: ${violations} of ${opts.writes} answers were from before the write (must be 0)`);
    log(
      `  B, from A's acknowledgement to B's first answer showing the write: p50 ${pct(staleness, 50).toFixed(1)} ms, p95 ${pct(staleness, 95).toFixed(1)} ms, max ${staleness[staleness.length - 1].toFixed(1)} ms`,
    );
    log(`  answer cache: A ${fa.hits} hits / ${fa.misses} misses, B ${fb.hits} hits / ${fb.misses} misses`);
    return violations === 0 ? 0 : 1;
  } finally {
    await stop();
    await drop();
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err instanceof Error ? err.stack : err);
    await cleanUp();
    process.exit(1);
  },
);
