#!/usr/bin/env node
'use strict';
// Cheap polling (issue 15, "a 304 revalidation ≥ 0.7 of the bare route's throughput"): the product's S1 over GET
// with a matching If-None-Match (answered 304 after one small read of the data version) against the bare route's S1
// (bench/limit.js: the product's own SQL through pg, no GraphQL, no Nest), measured in the same run, alternating.
// The same GET answered in full and a trivial route (/health/live) are measured beside them for scale.
//   node bench/revalidate.js [--size 165] [--duration 10] [--rounds 3] [--connections 20] [--smoke] [--build]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildModel } = require('./lib/model');
const { prepareDatabase, dropLater, startAll, build } = require('./lib/setup');
const { checkRevalidation, measure } = require('./lib/revalidate');
const { TOKEN, log, stamp, cleanUp } = require('./lib/common');

const HELP = `node bench/revalidate.js [options]
  --size N          tasks in the generated data set (default 165: the bare route's S1 is cheapest there, the
                    hardest case for the ratio; the cost of a 304 does not depend on the size)
  --duration S      seconds per measured run (default 10)
  --warmup S        seconds of warm-up per kind (default 2)
  --rounds N        measured rounds, each running every kind in turn (default 3)
  --connections N   autocannon connections (default 20)
  --smoke           check the ETag, the 304 and its statement count only; no timing, no bench package needed
  --build           npm run build first (default: use dist/ as it is)
  --keep-db         keep the apt_bench_reval_* database
Needs the bench package for timing (cd bench && npm ci: autocannon) and a PostgreSQL server:
DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), on which it creates and drops its database.`;

function parseArgs(argv) {
  const o = { size: 165, duration: 10, warmup: 2, rounds: 3, connections: 20, smoke: false, build: false, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=');
    const val = () => Number(inline ?? argv[++i]);
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--size') o.size = val();
    else if (name === '--duration') o.duration = val();
    else if (name === '--warmup') o.warmup = val();
    else if (name === '--rounds') o.rounds = val();
    else if (name === '--connections') o.connections = val();
    else if (name === '--smoke') o.smoke = true;
    else if (name === '--build') o.build = true;
    else if (name === '--keep-db') o.keepDb = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  for (const k of ['size', 'duration', 'warmup', 'rounds', 'connections']) {
    if (!(Number.isInteger(o[k]) && o[k] >= (k === 'warmup' ? 0 : 1))) throw new Error(`--${k} takes a positive integer`);
  }
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.smoke) {
    try {
      require.resolve('autocannon');
    } catch {
      throw new Error('timing needs the bench package: (cd bench && npm ci), or run with --smoke');
    }
  }
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-reval-'));
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () =>
      cleanUp().then(
        () => process.exit(130),
        () => process.exit(130),
      ),
    );
  if (opts.build) build();
  const dbName = `apt_bench_reval_${opts.size}_${process.pid}`;
  const drop = dropLater(baseUrl, dbName, opts.keepDb);
  const prep = await prepareDatabase(baseUrl, dbName, buildModel(opts.size), false);
  log(`${stamp()} database ${dbName}: ${prep.counts.tasks} tasks; logs in ${logDir}`);
  const running = await startAll(prep.url, {}, logDir, { peer: false });
  try {
    const check = await checkRevalidation(running.product, TOKEN);
    log(`${stamp()} GET S1: ETag ${check.etag}; a 304 costs ${check.statementsPer304} statement(s) (the data version read)`);
    if (check.failures.length) {
      log(`FAILED:\n  ${check.failures.join('\n  ')}`);
      return 1;
    }
    if (opts.smoke) return 0;
    log(
      `${stamp()} ${opts.rounds} rounds of ${opts.duration} s, ${opts.connections} connections, after ${opts.warmup} s of warm-up each (${os.cpus().length} cores)`,
    );
    const { summary, ratios } = await measure({
      product: running.product,
      limit: running.limit,
      token: TOKEN,
      etag: check.etag,
      connections: opts.connections,
      seconds: opts.duration,
      rounds: opts.rounds,
      warmup: opts.warmup,
      log,
    });
    log('\nmedian of the rounds');
    for (const s of Object.values(summary)) {
      log(`  ${s.name.padEnd(40)} ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  (rounds: ${s.rounds.join(', ')})`);
    }
    log(`\n304 revalidation / bare route S1: ${ratios.revalidateToBare.toFixed(2)} (target ≥ 0.70)`);
    log(`304 revalidation / the same GET in full: ${ratios.revalidateToFull.toFixed(2)}`);
    log(`304 revalidation / trivial route: ${ratios.revalidateToTrivial.toFixed(2)}`);
    return ratios.revalidateToBare >= 0.7 ? 0 : 1;
  } finally {
    await running.stop();
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
