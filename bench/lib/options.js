'use strict';
// Command-line options of bench/run.js.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./database');

const HELP = `node bench/run.js [options]
  --smoke                 small data (165 tasks), product + bare route (+ both peers with the bench package), correctness, the
                          tuned peer's S1/S3 equal to the product's, statement budgets; no timing
  --sizes 165,10000       task counts to run (default 165,10000,100000; smoke: 165)
  --duration S            seconds per measured round (default 10: shorter rounds are mostly warm-up and noise)
  --warmup S              seconds of warm-up per system and scenario (default 2)
  --rounds N              measured rounds per system, alternating systems (default 3)
  --connections N         connections for read scenarios and S5 (default 20)
  --writers N             concurrent editors for S4 (default 32)
  --rate N                fixed request rate of S1 for the P3 latency check (default 100 req/s)
  --search-rate N         fixed request rate of S3 for the P3 latency check (default 20 req/s)
  --shape-rate N          fixed request rate for each query shape A–F (default 20 req/s)
  --limit-single-write    the bare route writes in one statement (read, check and write together) instead of the product's two
  --product-node-options "…"  extra node flags for the product (e.g. "--max-semi-space-size=32"), for before/after runs
  --only S1,S2            run only these scenarios (default all; "shapes" names the query shapes A–F)
  --shapes A1,E           with shapes: run only these shapes (ids as in the report, e.g. B@100000)
  --product-env K=V[,K=V]  extra environment for the product (e.g. HEAP_GROWING_PERCENT=0), for before/after runs
  --product-dist DIR      run the product from another build (a patched copy of dist/ beside a node_modules link)
  --extra-sql FILE        SQL to run after loading each database (e.g. a candidate index), for before/after runs
  --no-peer               skip PostGraphile (both peers: tuned and generic)
  --no-profile            skip the CPU profiles of the product (S1, S2 under load) at the largest size
  --no-embedded           skip the embedded (PGlite) start-up check
  --no-build              use dist/ as it is (default: npm run build first)
  --keep-db               keep the apt_bench_* databases
  --reuse-db              reuse a kept database when it holds exactly this data set, untouched by writes (implies --keep-db)
  --out FILE              where to write the report (default BENCHMARKS.md; smoke writes none)
  --from-results FILE     write the report again from a run's results.json (keeps the findings block), measure nothing
Environment: DATABASE_URL (server to create apt_bench_<size> on; default postgresql://postgres@127.0.0.1:5432/postgres)`;

function parseArgs(argv) {
  const o = {
    smoke: false,
    sizes: null,
    duration: 10,
    warmup: 2,
    rounds: 3,
    connections: 20,
    writers: 32,
    rate: 100,
    peer: true,
    profile: true,
    embedded: true,
    build: true,
    keepDb: false,
    out: path.join(ROOT, 'BENCHMARKS.md'),
    productNodeOptions: [],
    only: null,
    productDist: null,
    extraSql: null,
    searchRate: 20,
    shapeRate: 20,
    limitSingleWrite: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--smoke') o.smoke = true;
    else if (name === '--sizes')
      o.sizes = val()
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else if (name === '--duration') o.duration = Number(val());
    else if (name === '--warmup') o.warmup = Number(val());
    else if (name === '--rounds') o.rounds = Number(val());
    else if (name === '--connections') o.connections = Number(val());
    else if (name === '--writers') o.writers = Number(val());
    else if (name === '--rate') o.rate = Number(val());
    else if (name === '--search-rate') o.searchRate = Number(val());
    else if (name === '--shape-rate') o.shapeRate = Number(val());
    else if (name === '--limit-single-write') o.limitSingleWrite = true;
    else if (name === '--no-peer') o.peer = false;
    else if (name === '--product-node-options') o.productNodeOptions = val().split(/\s+/).filter(Boolean);
    else if (name === '--only') o.only = val().split(',');
    else if (name === '--product-dist') o.productDist = path.resolve(val());
    else if (name === '--product-env')
      o.productEnv = Object.fromEntries(
        val()
          .split(',')
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
    else if (name === '--extra-sql') o.extraSql = fs.readFileSync(path.resolve(val()), 'utf8');
    else if (name === '--shapes') o.shapeIds = val().split(',');
    else if (name === '--no-profile') o.profile = false;
    else if (name === '--no-embedded') o.embedded = false;
    else if (name === '--no-build') o.build = false;
    else if (name === '--keep-db') o.keepDb = true;
    else if (name === '--reuse-db') o.reuseDb = o.keepDb = true;
    else if (name === '--out') o.out = path.resolve(val());
    else if (name === '--from-results') o.fromResults = path.resolve(val());
    else throw new Error(`unknown option ${a}\n${HELP}`);
  }
  o.sizes ??= o.smoke ? [165] : [165, 10000, 100000];
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  return o;
}

module.exports = { HELP, parseArgs };
