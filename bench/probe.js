#!/usr/bin/env node
'use strict';
// EXPLAIN (ANALYZE) of the key statements of each query shape (issue "No cliffs", A–F) on a loaded bench database:
// per-statement PostgreSQL time (fastest and median of 5 runs, TIMING OFF so per-row clock reads do not inflate it)
// and the buffers each touches, which a busy machine does not change.
//   node bench/probe.js [DATABASE_URL] [--dist DIR] [--plans]
// DATABASE_URL defaults to the kept apt_bench_100000; --dist runs the SQL of another build (an older commit's dist/,
// for before/after: where a shape was several statements there, their times and buffers are summed).
const path = require('node:path');
const { Client } = require('pg');

const args = process.argv.slice(2);
const distDir = args.includes('--dist') ? path.resolve(args[args.indexOf('--dist') + 1]) : path.resolve(__dirname, '..', 'dist');
const dist = (p) => require(path.join(distDir, 'src', p));
const sql = dist('tasks/tasks.sql.js');
const progress = dist('progress/progress.sql.js');
let historyPagesSql = null;
try {
  ({ historyPagesSql } = dist('task-updates/task-history.service.js'));
} catch {
  // an older build: history was two statements per task
}

const RUNS = 5;

/** Fastest and median execution time of `RUNS` EXPLAIN ANALYZE runs, the buffers touched, and the last plan. */
async function explain(c, text, values) {
  const times = [];
  let plan = '';
  for (let i = 0; i < RUNS; i++) {
    const { rows } = await c.query(`EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) ${text}`, values);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)[1]));
  }
  times.sort((a, b) => a - b);
  const b = /Buffers: shared(?: hit=(\d+))?(?: read=(\d+))?/.exec(plan);
  return { min: times[0], ms: times[Math.floor(RUNS / 2)], buffers: b ? Number(b[1] ?? 0) + Number(b[2] ?? 0) : 0, plan };
}

/** Several statements run one after another (what an older build sent for one shape): times and buffers summed. */
async function explainEach(c, statements) {
  const sum = { min: 0, ms: 0, buffers: 0, plan: '', statements: statements.length };
  for (const q of statements) {
    const r = await explain(c, q.sql, q.params);
    sum.min += r.min;
    sum.ms += r.ms;
    sum.buffers += r.buffers;
  }
  return sum;
}

/** The same statement as a prepared statement forced to its generic plan (what a connection gets after 5 runs). */
async function explainGeneric(c, text, values) {
  await c.query(`PREPARE probe_generic AS ${text}`);
  try {
    await c.query('SET plan_cache_mode = force_generic_plan');
    const args = values.map((v) => (Array.isArray(v) ? `'{${v.join(',')}}'` : v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`));
    return await explain(c, `EXECUTE probe_generic(${args.join(', ')})`, []);
  } finally {
    await c.query('RESET plan_cache_mode');
    await c.query('DEALLOCATE probe_generic');
  }
}

async function main() {
  const url = (args[0] && !args[0].startsWith('--') ? args[0] : null) ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/apt_bench_100000';
  const c = new Client({ connectionString: url });
  await c.connect();
  const today = new Date().toISOString().slice(0, 10);
  // Builds before the plan time zone took a `today` argument after the limit (and progress a $2); later ones compute it in SQL.
  const oldDist = sql.taskCountSql.length === 2;
  const T = (...a) => (oldDist ? a : a.filter((x) => x !== today));
  const { rows: plans } = await c.query(
    `SELECT p.code, count(t.id)::int AS tasks FROM plan p JOIN task t ON t.plan_id = p.id GROUP BY p.code ORDER BY count(t.id) DESC, p.code`,
  );
  const big = plans[0].code;
  const {
    rows: [{ areas }],
  } = await c.query('SELECT array_agg(id ORDER BY id) AS areas FROM area');
  const {
    rows: [{ ids }],
  } = await c.query(
    `SELECT array_agg(t.id) AS ids FROM (SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = 'BENCH001' ORDER BY t.code LIMIT 100) t`,
  );
  const {
    rows: [deep],
  } = await c.query(`SELECT code, id FROM task WHERE archived_at IS NULL AND parent_id IS NULL ORDER BY code, id OFFSET 50000 LIMIT 1`);
  const page = (q, after = null) => sql.taskPageSql(...T(q, 'CODE_ASC', after, 101, today, {}));
  const area = sql.taskPagesByParentSql
    ? [sql.taskPagesByParentSql(...T('area_id', areas, {}, 'CODE_ASC', null, 2, today, { totalCount: true }))]
    : areas.flatMap((id) => [sql.taskPageSql(...T({ areaId: id }, 'CODE_ASC', null, 2, today, {})), sql.taskCountSql(...T({ areaId: id }, today))]);
  const history = historyPagesSql
    ? [{ sql: historyPagesSql(true), params: [ids, null, 4] }]
    : ids.flatMap((id) => [
        { sql: 'SELECT * FROM task_update u WHERE u.task_id = $1 ORDER BY u.version DESC LIMIT 4', params: [id] },
        { sql: 'SELECT count(*) FROM task_update u WHERE u.task_id = $1', params: [id] },
      ]);
  const shapes = [
    ['A', `Area.tasks(first: 1) { totalCount } for all ${areas.length} areas`, area],
    ['A', 'Task.history(first: 3) { totalCount } for a page of 100 tasks', history],
    ['D', 'all plans, first page by code', [page({})]],
    ['D', 'all plans, overdue, first page', [page({ overdue: true })]],
    ['D', 'all plans, lead region JS, first page', [page({ leadRegion: ['JS'] })]],
    ['D', 'all plans, 50,000 rows deep (keyset)', [page({}, { order: 'CODE_ASC', key: deep.code, id: deep.id })]],
    ['D', 'all plans, total (only when totalCount is selected)', [sql.taskCountSql(...T({}, today))]],
    ['E', 'search "rail", all plans, page + total (custom plan)', [sql.taskPageWithTotalSql(...T({ search: 'rail' }, 'CODE_ASC', null, 21, today, {}))]],
    ['F', `plan ${big} (${plans[0].tasks} tasks), first page`, [page({ planCode: big })]],
    ['F', `plan ${big}, total`, [sql.taskCountSql(...T({ planCode: big }, today))]],
    ['F', `progressByArea ${big}`, [{ sql: progress.PROGRESS_BY_AREA_SQL, params: T(big, today) }]],
    ['F', 'progressByArea BENCH001', [{ sql: progress.PROGRESS_BY_AREA_SQL, params: T('BENCH001', today) }]],
    ['B', 'progressByRegion BENCH001', [{ sql: progress.PROGRESS_BY_REGION_SQL, params: T('BENCH001', today) }]],
    ['B', `progressByRegion ${big}`, [{ sql: progress.PROGRESS_BY_REGION_SQL, params: T(big, today) }]],
    ['C', 'roundComparison', [{ sql: progress.ROUND_COMPARISON_SQL, params: [] }]],
  ];
  const verbose = args.includes('--plans');
  console.log(`| shape | statement | statements | ms, fastest of ${RUNS} | ms, median | buffers |\n|---|---|---|---|---|---|`);
  const row = (shape, what, r, n) =>
    console.log(`| ${shape} | ${what} | ${n} | ${r.min.toFixed(2)} | ${r.ms.toFixed(2)} | ${r.buffers.toLocaleString('en')} |`);
  for (const [shape, what, qs] of shapes) {
    const r = qs.length === 1 ? await explain(c, qs[0].sql, qs[0].params) : await explainEach(c, qs);
    row(shape, what, r, qs.length);
    if (verbose && qs.length === 1) console.log(r.plan);
  }
  const search = sql.taskPageWithTotalSql(...T({ search: 'rail' }, 'CODE_ASC', null, 21, today, {}));
  const generic = await explainGeneric(c, search.sql, search.params);
  row('E', 'the same search as a prepared statement on its generic plan (what preparing it led to)', generic, 1);
  await c.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
