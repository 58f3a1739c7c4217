#!/usr/bin/env node
'use strict';
// Progress over time at scale (issue 15): a plan of 100,000 tasks and ~1,000,000 history rows on the PostgreSQL server,
// and at a moderate fixed rate: progressByArea and progressByRegion as of a past day, progressTrend with 12 monthly
// points, updateCoverage by area and by region; beside progressByArea now (the existing path, same plan) as the baseline.
// Prints p50/p95/max, statements per request and PostgreSQL CPU per request; the target is p95 <= 50 ms. Then the cost
// the day deltas add to writes: recordTaskUpdate throughput with the triggers on and off (alternating rounds), and what
// the one-probe-per-task reading of the history (the rule read directly) costs for one day, for scale.
//   node bench/over-time.js [--tasks 100000] [--rate 40] [--duration 10] [--keep-db] [--reuse-db] [--no-build] [--smoke]
// --smoke: 3,000 tasks, answers checked against the history read directly, one statement per request; no timing.
// Needs the bench package for timing (cd bench && npm ci: autocannon); --smoke needs only the product's node_modules.
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const db = require('./lib/database');
const systems = require('./lib/systems');
const { build } = require('./lib/setup');
const { post, countStatements } = require('./lib/http');
const { TOKEN, log, stamp, onInterrupt, cleanUp } = require('./lib/common');
const { PLAN, loadStatements, REFERENCE_SQL } = require('./lib/over-time-data');

const HELP = `node bench/over-time.js [options]
  --tasks N        tasks in the plan (default 100000; about 10 history rows each)
  --rate N         fixed request rate per query (default 40 req/s)
  --duration S     seconds per measured burst (default 10)
  --writers N      concurrent editors for the write-cost check (default 16)
  --no-writes      skip the write-cost check
  --smoke          3,000 tasks; answers and statement counts only, no timing (CI)
  --no-build       use dist/ as it is (default: npm run build first)
  --keep-db        keep the database (apt_bench_over_time)
  --reuse-db       reuse a kept database holding exactly this data set (implies --keep-db)
Environment: DATABASE_URL (the server to create the database on; default postgresql://postgres@127.0.0.1:5432/postgres)`;

function parseArgs(argv) {
  const o = { tasks: 100000, rate: 40, duration: 10, writers: 16, writes: true, smoke: false, build: true, keepDb: false, reuseDb: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=');
    const val = () => Number(inline ?? argv[++i]);
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--tasks') o.tasks = val();
    else if (name === '--rate') o.rate = val();
    else if (name === '--duration') o.duration = val();
    else if (name === '--writers') o.writers = val();
    else if (name === '--no-writes') o.writes = false;
    else if (name === '--smoke') o.smoke = true;
    else if (name === '--no-build') o.build = false;
    else if (name === '--keep-db') o.keepDb = true;
    else if (name === '--reuse-db') o.reuseDb = o.keepDb = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  if (o.smoke) o.tasks = 3000;
  return o;
}

const gql = (query, variables) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  body: JSON.stringify({ query, variables }),
});

const COUNTS = 'taskCount notReported inProgress completed delayed overdue completionRate';
const Q = {
  now: `query($p: String!) { progressByArea(planCode: $p) { area { code } ${COUNTS} } }`,
  byArea: `query($p: String!, $d: LocalDate) { progressByArea(planCode: $p, asOf: $d) { area { code } ${COUNTS} } }`,
  byRegion: `query($p: String!, $d: LocalDate) { progressByRegion(planCode: $p, asOf: $d) { region { code } ${COUNTS} } }`,
  trend: `query($p: String!, $from: LocalDate!, $to: LocalDate!) { progressTrend(planCode: $p, from: $from, to: $to, interval: MONTH) {
    asOf taskCount completed inProgress notReported overdue completionRate } }`,
  coverage: `query($p: String!, $g: CoverageGroupBy) { updateCoverage(planCode: $p, groupBy: $g, staleAfterDays: 30) {
    area { code } region { code } taskCount updatedWithin stale neverReported staleSince overdue } }`,
};

/** Month ends of the 12 months before the current one, and a few days between, as the days asked about. */
function daysAsked(today) {
  const [y, m] = today.split('-').map(Number);
  const ends = [];
  for (let i = 12; i >= 1; i--) ends.push(new Date(Date.UTC(y, m - 1 - i + 1, 0)).toISOString().slice(0, 10));
  return { ends, from: `${ends[0].slice(0, 8)}01`, to: ends[ends.length - 1] };
}

/** The product's per-area answer for day `d`, as { area: counts }. */
async function answerByArea(server, d) {
  const res = await post(server, gql(Q.byArea, { p: PLAN, d }));
  if (!res.json?.data) throw new Error(`progressByArea(asOf: ${d}) failed: ${res.text.slice(0, 300)}`);
  return Object.fromEntries(res.json.data.progressByArea.map((r) => [r.area?.code ?? 'none', r]));
}

/** Differences between the product's answer for `d` and the history read directly; empty when they agree. */
async function checkAgainstHistory(pg, server, d) {
  const { rows } = await pg.query(REFERENCE_SQL, [PLAN, d]);
  const got = await answerByArea(server, d);
  const diffs = [];
  for (const r of rows) {
    const key = r.area ?? 'none';
    for (const k of ['taskCount', 'notReported', 'inProgress', 'completed', 'delayed', 'overdue']) {
      if (got[key]?.[k] !== r[k]) diffs.push(`${d} ${key} ${k}: product ${got[key]?.[k]}, history ${r[k]}`);
    }
  }
  return diffs;
}

/** Median execution time (ms) of a statement over 5 EXPLAIN ANALYZE runs, and the buffers it touched. */
async function explainMs(pg, sql, params) {
  const times = [];
  let buffers = 0;
  for (let i = 0; i < 5; i++) {
    const { rows } = await pg.query(`EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) ${sql}`, params);
    const text = rows.map((r) => r['QUERY PLAN']).join('\n');
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(text)[1]));
    const b = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(text);
    buffers = b ? Number(b[1] ?? 0) + Number(b[2] ?? 0) : 0;
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], buffers };
}

/** recordTaskUpdate from `writers` editors, each on its own tasks, for `seconds`: acknowledged writes per second. */
async function writeBurst(server, taskIds, writers, seconds) {
  const mutation = 'mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version } }';
  const until = Date.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const mine = taskIds.filter((_, i) => i % writers === w);
      for (let i = 0; Date.now() < until; i++) {
        const task = mine[i % mine.length];
        const res = await post(
          server,
          gql(mutation, {
            input: {
              taskId: Buffer.from(`Task:${task.id}`).toString('base64url'),
              expectedVersion: task.version,
              progress: 1 + (task.version % 90),
              note: 'bench',
            },
          }),
        );
        const v = res.json?.data?.recordTaskUpdate?.version;
        if (v) {
          task.version = v;
          done += 1;
        } else failed += 1;
      }
    }),
  );
  return { rps: done / seconds, failed };
}

/** Runs the bench with these arguments; returns the exit code (1 when an answer, a statement count or a target fails). */
async function main(argv) {
  const opts = parseArgs(argv);
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (opts.build) build();
  const name = opts.smoke ? `apt_bench_over_time_smoke_${process.pid}` : 'apt_bench_over_time';
  const url = db.databaseUrl(baseUrl, name);
  const marker = `apt-bench over-time v3 tasks=${opts.tasks}`;
  const drop = onInterrupt(async () => {
    if (!opts.keepDb)
      await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
  });
  const have = opts.reuseDb
    ? await db.withClient(
        db.databaseUrl(baseUrl, 'postgres'),
        async (c) => (await c.query("SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1", [name])).rows[0]?.note,
      )
    : null;
  if (have === marker) log(`${stamp()} reusing ${name}`);
  else {
    const t = Date.now();
    await db.recreateDatabase(baseUrl, name);
    await db.migrate(url);
    await db.withClient(url, async (c) => {
      await c.query('SET synchronous_commit = off');
      for (const sql of loadStatements(opts.tasks)) await c.query(sql);
      await c.query('VACUUM (ANALYZE)');
      await c.query(`COMMENT ON DATABASE "${name}" IS '${marker}'`);
    });
    log(`${stamp()} loaded ${name} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const failures = [];
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-over-time-'));
  // The statements' cost is measured, not the answer cache (which would answer every repeat with no SQL).
  const product = await systems.startProduct({ databaseUrl: url, token: TOKEN, logDir, extraEnv: { ANSWER_CACHE: 'false' } });
  const stopProduct = onInterrupt(() => product.stop());
  try {
    const {
      rows: [counts],
    } = await pg.query(
      `SELECT (SELECT count(*) FROM task)::int AS tasks, (SELECT count(*) FROM task_update)::int AS history,
         (SELECT count(*) FROM progress_day_delta)::int AS delta_rows, to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS today`,
    );
    log(
      `${stamp()} plan ${PLAN}: ${counts.tasks.toLocaleString('en')} tasks, ${counts.history.toLocaleString('en')} history rows, ` +
        `${counts.delta_rows.toLocaleString('en')} day-delta rows`,
    );
    const { ends, from, to } = daysAsked(counts.today);

    // Answers first: each asked day equal to the history read directly (the trend's points too, through the same days).
    for (const d of [ends[0], ends[5], ends[11], counts.today]) failures.push(...(await checkAgainstHistory(pg, product, d)));
    const trend = await post(product, gql(Q.trend, { p: PLAN, from, to }));
    const points = trend.json?.data?.progressTrend ?? [];
    if (points.length !== 12) failures.push(`progressTrend gave ${points.length} points, not 12: ${trend.text.slice(0, 200)}`);
    for (const point of points.filter((_, i) => i % 4 === 3)) {
      const rows = Object.values(await answerByArea(product, point.asOf));
      if (point.taskCount !== rows.reduce((s, r) => s + r.taskCount, 0)) failures.push(`trend point ${point.asOf} differs from progressByArea(asOf)`);
    }
    log(`${stamp()} answers ${failures.length ? `DIFFER:\n  ${failures.slice(0, 10).join('\n  ')}` : 'agree with the history read directly'}`);

    const requests = {
      'progressByArea now (baseline)': [gql(Q.now, { p: PLAN })],
      'progressByArea(asOf)': ends.map((d) => gql(Q.byArea, { p: PLAN, d })),
      'progressByRegion(asOf)': ends.map((d) => gql(Q.byRegion, { p: PLAN, d })),
      'progressTrend 12 months': [gql(Q.trend, { p: PLAN, from, to })],
      'updateCoverage by area': [gql(Q.coverage, { p: PLAN, g: 'AREA' })],
      'updateCoverage by region': [gql(Q.coverage, { p: PLAN, g: 'REGION' })],
    };
    const rows = [];
    for (const [what, reqs] of Object.entries(requests)) {
      const s = await countStatements(product, (i) => post(product, reqs[i % reqs.length]), 6);
      if (!what.includes('baseline') && s.perRequest !== 1) failures.push(`${what}: ${s.perRequest} statements per request, not 1`);
      rows.push({ what, reqs, statements: s.perRequest });
    }
    if (opts.smoke) {
      log(rows.map((r) => `  ${r.what.padEnd(30)} ${r.statements} statement(s) per request`).join('\n'));
    } else {
      const { burst } = require('./lib/load');
      log(
        `\n| query (plan of ${counts.tasks.toLocaleString('en')} tasks, ${counts.history.toLocaleString('en')} history rows) | rate | p50 ms | p95 ms | max ms | PG CPU ms/req | statements | p95 vs baseline | other load (cores) |`,
      );
      log('|---|---|---|---|---|---|---|---|---|');
      let baseline = null;
      for (const r of rows) {
        const res = await burst({
          server: product,
          requests: r.reqs.map((q) => ({ method: q.method, path: q.path, headers: q.headers, body: q.body })),
          connections: 8,
          seconds: opts.duration,
          rate: opts.rate,
          pg,
          db: name,
        });
        baseline ??= res.p95;
        if (res.errors) failures.push(`${r.what}: ${res.errors} errors (${res.firstError})`);
        if (!r.what.includes('baseline') && res.p95 > 50) failures.push(`${r.what}: p95 ${res.p95} ms is over the 50 ms target`);
        log(
          `| ${r.what} | ${opts.rate}/s | ${res.p50.toFixed(1)} | ${res.p95.toFixed(1)} | ${res.max.toFixed(1)} | ${res.pgCpuMsPerReq?.toFixed(2)} | ${r.statements} | ${(res.p95 / baseline).toFixed(2)}× | ${res.otherCores?.toFixed(2)} |`,
        );
      }

      // For scale: the rule read directly (one history probe per task) for one day, and the day-delta statement.
      const direct = await explainMs(pg, REFERENCE_SQL, [PLAN, ends[11]]);
      const sql = require(path.join(db.ROOT, 'dist/src/progress/progress-over-time.sql.js'));
      const viaDeltas = await explainMs(pg, sql.PROGRESS_BY_AREA_AS_OF_SQL, [PLAN, ends[11]]);
      const trendSql = await explainMs(pg, sql.PROGRESS_TREND_SQL, [PLAN, from, to, '1 month', 'month', null]);
      log(
        `\nPostgreSQL time for one day (median of 5, EXPLAIN ANALYZE): history read directly ${direct.ms.toFixed(1)} ms (${direct.buffers.toLocaleString('en')} buffers), ` +
          `day deltas ${viaDeltas.ms.toFixed(2)} ms (${viaDeltas.buffers.toLocaleString('en')} buffers); 12-point trend ${trendSql.ms.toFixed(2)} ms ` +
          `(directly: ~12 × ${direct.ms.toFixed(0)} ms)`,
      );

      if (opts.writes) {
        // The cost on writes: the TaskWriter's statement fires progress_sync for its task. Rounds alternate triggers on
        // and off (as the table owner); after the off rounds one progress_sync call brings the written tasks' deltas back.
        const { rows: tasks } = await pg.query(
          `SELECT id, version FROM task WHERE archived_at IS NULL AND parent_id IS NULL AND status <> 'COMPLETED' ORDER BY id DESC LIMIT $1`,
          [opts.writers * 8],
        );
        const triggers = (on) => pg.query(`ALTER TABLE task ${on ? 'ENABLE' : 'DISABLE'} TRIGGER task_progress_update`);
        const results = { on: [], off: [] };
        try {
          await writeBurst(product, tasks, opts.writers, 2);
          for (const mode of ['on', 'off', 'on', 'off']) {
            await triggers(mode === 'on');
            results[mode].push(await writeBurst(product, tasks, opts.writers, opts.duration));
          }
        } finally {
          await triggers(true);
          await pg.query('SELECT progress_sync($1::int[])', [tasks.map((t) => t.id)]);
        }
        const med = (xs) => xs.map((x) => x.rps).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        log(
          `\nrecordTaskUpdate, ${opts.writers} editors, ${opts.duration} s rounds: triggers on ${results.on.map((x) => x.rps.toFixed(0)).join(' / ')} writes/s, ` +
            `off ${results.off.map((x) => x.rps.toFixed(0)).join(' / ')} writes/s: ${(med(results.on) / med(results.off)).toFixed(2)}× with the day deltas kept`,
        );
        failures.push(...[...results.on, ...results.off].filter((x) => x.failed).map((x) => `${x.failed} writes failed`));
        const t = Date.now();
        const {
          rows: [{ removed }],
        } = await pg.query('SELECT progress_compact(NULL) AS removed');
        log(`folding the deltas those writes appended: ${removed.toLocaleString('en')} rows in ${Date.now() - t} ms`);
        for (const d of [ends[11], counts.today]) failures.push(...(await checkAgainstHistory(pg, product, d)));
      }
    }
  } finally {
    await pg.end();
    await stopProduct();
    await drop();
  }
  if (failures.length) {
    log(`\nOVER-TIME ${opts.smoke ? 'SMOKE ' : ''}FAILED:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  log(`\n${stamp()} over-time ${opts.smoke ? 'smoke ' : ''}passed`);
  return 0;
}

module.exports = { main };

if (require.main === module) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
