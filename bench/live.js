#!/usr/bin/env node
'use strict';
// Live updates, measured (issue 15, part 7; see lib/live.js): fan-out latency with N open subscriptions, and write
// throughput with NOTIFY against without. Needs a PostgreSQL server (DATABASE_URL or --db) and a built product (dist/).
//   node bench/live.js [--db URL] [--subscribers 1000] [--updates 20] [--writers 20] [--seconds 10] [--rounds 3] [--smoke] [--keep-db]
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { runLive } = require('./lib/live');
const { log, cleanUp } = require('./lib/common');

const HELP = `node bench/live.js [options]
  --db URL           PostgreSQL server (default: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres);
                     a database apt_bench_live_<pid> is made there and dropped afterwards
  --subscribers N    open subscriptions, one graphql-ws connection each (default 1000)
  --updates N        updates whose deliveries are timed (default 20)
  --writers N        concurrent writers for the throughput runs (default 20)
  --seconds N        length of one throughput run (default 10)
  --rounds N         throughput rounds; the median counts (default 3)
  --smoke            50 subscribers, 3 updates, 2 s, 1 round: checks every delivery, times nothing seriously
  --keep-db          leave the database
Exit codes: 0 measured, 1 a check failed (a delivery missing, a write failed), 2 could not run.`;

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      subscribers: { type: 'string' },
      updates: { type: 'string' },
      writers: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      smoke: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const smoke = !!values.smoke;
  const num = (v, full, small) => (v === undefined ? (smoke ? small : full) : Number(v));
  const opts = {
    baseUrl: values.db ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    subscribers: num(values.subscribers, 1000, 50),
    updates: num(values.updates, 20, 3),
    writers: num(values.writers, 20, 4),
    seconds: num(values.seconds, 10, 2),
    rounds: num(values.rounds, 3, 1),
    keepDb: !!values['keep-db'],
    logDir: fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-live-')),
  };
  const result = await runLive(opts);
  if (result.failures.length) {
    log(`\nLIVE FAILED:\n  ${result.failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => cleanUp().then(() => process.exit(130)));
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err.stack ?? err);
      process.exit(2);
    },
  );
}
