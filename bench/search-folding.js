#!/usr/bin/env node
'use strict';
// Search with folding (issue 15, item 5 and the last bullet of item 7): `tasks(filter: { search }, first: 20)` with its
// totalCount, at a fixed rate, before (a build of the code before folding) and after (this build), on ONE database,
// in one run, rounds alternating between the two servers. Prints p50/p95 per search term, the ratio after/before, and
// EXPLAIN (ANALYZE, BUFFERS) of each build's statement (which index serves it, buffers, time).
//   node bench/search-folding.js --before-dist DIR [--size 100000] [--rate 10] [--duration 15] [--rounds 3] ...   (--help)
// Needs the bench package (autocannon: cd bench && npm ci) and a PostgreSQL server (DATABASE_URL, default the local one).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const db = require('./lib/database');
const systems = require('./lib/systems');
const { buildModel, BIG_PLAN } = require('./lib/model');
const { burst, median } = require('./lib/load');
const { TOKEN, log, stamp, onInterrupt, cleanUp } = require('./lib/common');

const HELP = `node bench/search-folding.js --before-dist DIR [options]
  --before-dist DIR   dist/ of a build from before folding (e.g. main's, built in a copy beside a node_modules link)
  --size N            tasks (default 100000: the harness's data set, without its 100,000-task plan)
  --rate N            fixed request rate per server (default 10 req/s)
  --duration S        seconds per measured round (default 15)
  --warmup S          seconds of warm-up per server and term (default 3)
  --rounds N          rounds per server and term, alternating servers (default 3)
  --connections N     connections the fixed rate is spread over (default 4)
  --no-build          use dist/ as it is (default: npm run build first)
  --keep-db           keep the database (apt_bench_search_<size>)
  --reuse-db          reuse a kept database holding exactly this data set (implies --keep-db)
The data: the bench model's tasks, every third title in traditional characters (opencc-js, simplified → Taiwan) and
every tenth with full-width digits; the before build's trigram index on lower(title || title_en) is added beside this
build's, so each server has its own. Environment: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres).`;

// The terms: ASCII (same matches before and after), simplified and traditional Chinese (after also finds the other
// script), full-width Latin (before finds nothing). "all four" cycles through them on every connection.
const TERMS = [
  { label: 'rail', search: ['rail'] },
  { label: '轨道交通 (simplified)', search: ['轨道交通'] },
  { label: '軌道交通 (traditional)', search: ['軌道交通'] },
  { label: 'ＲＡＩＬ (full-width)', search: ['ＲＡＩＬ'] },
  { label: 'all four, in turn', search: ['rail', '轨道交通', '軌道交通', 'ＲＡＩＬ'] },
];
const QUERY = `query Search($search: String!) { tasks(filter: { search: $search }, first: 20) { totalCount edges { node { code title } } } }`;
const MODEL_VERSION = 1;

function parseArgs(argv) {
  const o = { size: 100000, rate: 10, duration: 15, warmup: 3, rounds: 3, connections: 4, build: true, keepDb: false, reuseDb: false, beforeDist: null };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const val = () => inline ?? argv[++i];
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--before-dist') o.beforeDist = path.resolve(val());
    else if (['--size', '--rate', '--duration', '--warmup', '--rounds', '--connections'].includes(name)) o[name.slice(2)] = Number(val());
    else if (name === '--no-build') o.build = false;
    else if (name === '--keep-db') o.keepDb = true;
    else if (name === '--reuse-db') o.reuseDb = o.keepDb = true;
    else throw new Error(`unknown option ${argv[i]}\n${HELP}`);
  }
  if (!o.beforeDist) throw new Error(`--before-dist is required\n${HELP}`);
  if (!fs.existsSync(path.join(o.beforeDist, 'src/main.js'))) throw new Error(`${o.beforeDist}/src/main.js not found`);
  return o;
}

/** The bench model without its 100,000-task plan, every third title traditional and every tenth with full-width digits. */
function searchModel(size) {
  const model = buildModel(size);
  // planSizes puts the 100,000-task plan last, from size 100,000 up.
  const big = size >= BIG_PLAN ? model.plans[model.plans.length - 1] : null;
  const keep = (planId) => !big || planId !== big.id;
  const { Converter } = require(require.resolve('opencc-js/cn2t', { paths: [db.ROOT] }));
  const toTraditional = Converter({ from: 'cn', to: 'tw' });
  const fullWidth = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const tasks = model.tasks
    .filter((t) => keep(t.planId))
    .map((t) => {
      let title = t.title;
      if (t.id % 3 === 0) title = toTraditional(title);
      if (t.id % 10 === 0) title = fullWidth(title);
      return { ...t, title };
    });
  const taskIds = new Set(tasks.map((t) => t.id));
  return {
    ...model,
    plans: model.plans.filter((p) => keep(p.id)),
    areas: model.areas.filter((a) => keep(a.planId)),
    tasks,
    indicators: model.indicators.filter((i) => (i.planId ? keep(i.planId) : taskIds.has(i.taskId))),
    historyRows: tasks.reduce((s, t) => s + t.version - 1, 0),
  };
}

async function prepare(baseUrl, name, model, reuse) {
  const url = db.databaseUrl(baseUrl, name);
  const marker = `apt-bench-search v${MODEL_VERSION} size=${model.size} tasks=${model.tasks.length}`;
  if (reuse) {
    const note = await db.withClient(
      db.databaseUrl(baseUrl, 'postgres'),
      async (c) => (await c.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name])).rows[0]?.note,
    );
    if (note === marker) return url;
  }
  await db.recreateDatabase(baseUrl, name);
  await db.migrate(url);
  log(`${stamp()} loading ${model.tasks.length} tasks`);
  await db.load(url, model, log);
  await db.withClient(url, async (c) => {
    // The before build's index: its search reads lower(title || E'\n' || title_en), the expression of that index.
    await c.query(`CREATE INDEX IF NOT EXISTS task_search_trgm_idx ON task USING gin ((lower(title || E'\\n' || coalesce(title_en, ''))) gin_trgm_ops)`);
    await c.query('VACUUM (ANALYZE)');
    await c.query(`COMMENT ON DATABASE "${name}" IS '${marker}'`);
  });
  return url;
}

/** Matches the model expects: after, the folded titles contain the folded term; before, lower(titles) contain lower(term). */
function expectedCounts(model, { taskSearchText, foldSearchText }) {
  const out = {};
  for (const term of TERMS.slice(0, 4)) {
    const s = term.search[0];
    out[s] = {
      before: model.tasks.filter((t) => `${t.title}\n${t.titleEn ?? ''}`.toLowerCase().includes(s.toLowerCase())).length,
      after: model.tasks.filter((t) => taskSearchText(t.title, t.titleEn).includes(foldSearchText(s).trim())).length,
    };
  }
  return out;
}

const gqlRequest = (search) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  body: JSON.stringify({ query: QUERY, variables: { search } }),
});

async function totalCount(server, search) {
  const req = gqlRequest(search);
  const res = await fetch(server.url(req.path), { method: 'POST', headers: req.headers, body: req.body });
  const body = await res.json();
  if (body.errors) throw new Error(`${server.name}: ${JSON.stringify(body.errors)}`);
  return body.data.tasks.totalCount;
}

/** EXPLAIN (ANALYZE, BUFFERS, TIMING OFF), fastest of 5: time, buffers and the indexes the plan scans. */
async function explain(pg, sqlModule, search) {
  const { sql, params } = sqlModule.taskPageWithTotalSql({ search }, 'CODE_ASC', null, 21, {});
  const times = [];
  let plan = '';
  for (let i = 0; i < 5; i++) {
    const { rows } = await pg.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${sql}`, params);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)[1]));
  }
  const b = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan);
  const indexes = [...new Set([...plan.matchAll(/Bitmap Index Scan on (\w+)/g)].map((m) => m[1]))];
  return { ms: Math.min(...times), buffers: b ? Number(b[1] ?? 0) + Number(b[2] ?? 0) : 0, indexes, pattern: params[params.length - 2] };
}

const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : x.toFixed(d));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () =>
      cleanUp().then(
        () => process.exit(130),
        () => process.exit(130),
      ),
    );
  if (opts.build) require('./lib/setup').build();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-search-'));
  const name = `apt_bench_search_${opts.size}`;
  const model = searchModel(opts.size);
  const dropDb = onInterrupt(async () => {
    if (!opts.keepDb) await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  log(`${stamp()} logs in ${logDir}; database ${name}`);
  const url = await prepare(baseUrl, name, model, opts.reuseDb);
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const servers = {};
  const stopServers = onInterrupt(async () => {
    for (const s of Object.values(servers)) await s.stop();
  });
  try {
    const counts = await db.tableCounts(url);
    log(
      `${stamp()} ${counts.tasks} tasks, ${counts.history} history rows, ${(counts.bytes / 1e6).toFixed(0)} MB; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    for (const [label, dist] of [
      ['before', opts.beforeDist],
      ['after', path.join(db.ROOT, 'dist')],
    ]) {
      const dir = fs.mkdtempSync(path.join(logDir, `${label}-`));
      // The search's cost is measured, not the answer cache (which would answer every repeat with no SQL).
      servers[label] = await systems.startProduct({ databaseUrl: url, token: TOKEN, logDir: dir, dist, extraEnv: { ANSWER_CACHE: 'false' } });
      servers[label].name = label;
    }

    // Answers: each server's totalCount against the model (before: lower-cased substring; after: folded substring).
    const expected = expectedCounts(model, require(path.join(db.ROOT, 'dist/src/tasks/search-folding.js')));
    const failures = [];
    log('\nmatches (totalCount)            before  after   expected before/after');
    for (const term of TERMS.slice(0, 4)) {
      const s = term.search[0];
      const got = { before: await totalCount(servers.before, s), after: await totalCount(servers.after, s) };
      log(`  ${term.label.padEnd(28)} ${String(got.before).padStart(7)} ${String(got.after).padStart(6)}   ${expected[s].before}/${expected[s].after}`);
      for (const k of ['before', 'after']) if (got[k] !== expected[s][k]) failures.push(`${k} found ${got[k]} tasks for "${s}", the model ${expected[s][k]}`);
    }

    // The statements each build sends, explained on this database.
    const sqlOf = { before: require(path.join(opts.beforeDist, 'src/tasks/tasks.sql.js')), after: require(path.join(db.ROOT, 'dist/src/tasks/tasks.sql.js')) };
    log('\nEXPLAIN (ANALYZE, BUFFERS) of the page + total statement, fastest of 5');
    log('  term                          build   ms       buffers  index');
    const plans = {};
    for (const term of TERMS.slice(0, 4)) {
      for (const label of ['before', 'after']) {
        const e = await explain(pg, sqlOf[label], term.search[0]);
        plans[`${term.label}/${label}`] = e;
        log(
          `  ${term.label.padEnd(28)}  ${label.padEnd(6)}  ${fmt(e.ms, 2).padStart(7)}  ${String(e.buffers).padStart(8)}  ${e.indexes.join(', ') || 'none (scan)'}`,
        );
        if (label === 'after' && !e.indexes.includes('task_search_text_trgm_idx'))
          failures.push(`after: "${term.search[0]}" is not served by task_search_text_trgm_idx`);
      }
    }

    log(
      `\n${stamp()} fixed rate ${opts.rate} req/s over ${opts.connections} connections, ${opts.rounds} rounds of ${opts.duration} s per server and term, alternating`,
    );
    const results = [];
    for (const term of TERMS) {
      const requests = term.search.map(gqlRequest);
      const rounds = { before: [], after: [] };
      for (const label of ['before', 'after']) {
        await burst({ server: servers[label], requests, connections: opts.connections, seconds: opts.warmup, rate: opts.rate, pg, db: name, sample: false });
      }
      for (let r = 0; r < opts.rounds; r++) {
        for (const label of r % 2 === 0 ? ['before', 'after'] : ['after', 'before']) {
          rounds[label].push(
            await burst({ server: servers[label], requests, connections: opts.connections, seconds: opts.duration, rate: opts.rate, pg, db: name }),
          );
        }
      }
      const summary = {};
      for (const label of ['before', 'after']) {
        const rs = rounds[label];
        summary[label] = {
          p50: median(rs.map((x) => x.p50)),
          p95: median(rs.map((x) => x.p95)),
          p99: median(rs.map((x) => x.p99)),
          rps: median(rs.map((x) => x.rps)),
          errors: rs.reduce((s, x) => s + x.errors, 0),
          firstError: rs.find((x) => x.firstError)?.firstError ?? null,
          p95s: rs.map((x) => x.p95),
          otherCores: median(rs.map((x) => x.otherCores)),
        };
        if (summary[label].errors) failures.push(`${label} "${term.label}": ${summary[label].errors} errors (${summary[label].firstError})`);
      }
      results.push({ term: term.label, ...summary, ratio: summary.after.p95 / summary.before.p95 });
      log(
        `  ${term.label.padEnd(28)} p95 before ${fmt(summary.before.p95)} ms [${summary.before.p95s.map((x) => fmt(x)).join(', ')}], after ${fmt(summary.after.p95)} ms [${summary.after.p95s.map((x) => fmt(x)).join(', ')}], ratio ${fmt(results.at(-1).ratio, 2)}`,
      );
    }

    // Other load: CPU the rest of the machine used during the rounds, in cores (the noise; this machine has ${os.cpus().length}).
    log(`\n| search | before p50 / p95 / p99 (ms) | after p50 / p95 / p99 (ms) | p95 after / before | other load (cores) before, after |`);
    log('|---|---|---|---|---|');
    for (const r of results) {
      log(
        `| ${r.term} | ${fmt(r.before.p50)} / ${fmt(r.before.p95)} / ${fmt(r.before.p99)} | ${fmt(r.after.p50)} / ${fmt(r.after.p95)} / ${fmt(r.after.p99)} | ${fmt(r.ratio, 2)} | ${fmt(r.before.otherCores, 2)}, ${fmt(r.after.otherCores, 2)} |`,
      );
    }
    const mix = results.at(-1);
    log(`\ntarget: p95 after ≤ 1.2 × before on the mix of the four searches: ${fmt(mix.ratio, 2)} (${mix.ratio <= 1.2 ? 'met' : 'NOT met'})`);
    fs.writeFileSync(path.join(logDir, 'results.json'), JSON.stringify({ opts, counts, plans, results, failures }, null, 2));
    log(`results: ${path.join(logDir, 'results.json')}`);
    if (failures.length) {
      log(`\nFAILED:\n  ${failures.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    await pg.end();
    await stopServers();
    await dropDb();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    cleanUp().finally(() => process.exit(1));
  },
);
