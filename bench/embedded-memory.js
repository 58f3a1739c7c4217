#!/usr/bin/env node
'use strict';
// Issue 11 item 5: idle RSS and first answer of the embedded product (PGlite in DATA_DIR), as `npm start` runs it
// (node dist/src/start.js: the bundled server and its code cache; build first). A fresh temp data dir is created and
// seeded by a first start (which also writes the code cache), then the product is started `--runs` times on it: each
// time the first answered GraphQL query is timed from spawn, then /health/ready is awaited and VmRSS
// (/proc/<pid>/status) read after `--settle` seconds of idleness.
//   node bench/embedded-memory.js [--runs 3] [--settle 5] [--env NAME=VALUE ...] [--node-arg ARG ...] [--dist DIR]
//                                 [--main FILE]   (--main dist/src/main.js: the unbundled build, as before issue 11)
// Prints each run, the medians and the load average (the machine may be shared: compare medians of one sitting).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const systems = require('./lib/systems');
const { TOKEN } = require('./lib/common');

function parse(argv) {
  const o = { runs: 3, settle: 5, env: {}, nodeArgs: [], dist: path.join(__dirname, '..', 'dist'), main: null };
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
    else if (a === '--node-arg') o.nodeArgs.push(next());
    else if (a === '--env') {
      const [k, ...v] = next().split('=');
      o.env[k] = v.join('=');
    } else throw new Error(`unknown option ${a} (--runs N, --settle S, --env NAME=VALUE, --node-arg ARG, --dist DIR, --main FILE)`);
  }
  if (!(o.runs >= 1) || !(o.settle >= 0)) throw new Error('--runs must be ≥ 1 and --settle ≥ 0');
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

async function main() {
  const o = parse(process.argv.slice(2));
  const main = o.main ?? path.join(o.dist, 'src', 'start.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-embedded-memory-'));
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-embedded-memory-logs-'));
  const start = (label) =>
    systems.timeEmbeddedStart({
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
      const r = await start(`again-${i}`);
      runs.push(r);
      console.log(
        `existing data dir, run ${i + 1}: first answer ${r.firstAnswerMs} ms, ready ${r.readyMs} ms, RSS at first answer ${r.rssMb?.toFixed(0)} MB, idle RSS ${r.idleRssMb?.toFixed(0)} MB`,
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
