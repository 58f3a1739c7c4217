#!/usr/bin/env node
'use strict';
// EXPLAIN (ANALYZE) of the key statements of each query shape (issue "No cliffs", A–F) on a loaded bench database:
// per-statement PostgreSQL time, less sensitive to a busy machine than request latency.
//   node bench/probe.js [DATABASE_URL]    (default: the kept apt_bench_100000; dist/ must be built)
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '..');
const dist = (p) => require(path.join(ROOT, 'dist/src', p));
const sql = dist('tasks/tasks.sql.js');
const progress = dist('progress/progress.sql.js');
const { historyPagesSql } = dist('task-updates/task-history.service.js');

const RUNS = 5;

/** Median execution time of `RUNS` EXPLAIN ANALYZE runs, and the plan of the last one. */
async function explain(c, text, values) {
  const times = [];
  let plan = '';
  for (let i = 0; i < RUNS; i++) {
    const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)[1]));
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], plan };
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
  const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/apt_bench_100000';
  const c = new Client({ connectionString: url });
  await c.connect();
  const today = new Date().toISOString().slice(0, 10);
  const { rows: plans } = await c.query(
    `SELECT p.code, count(t.id)::int AS tasks FROM plan p JOIN task t ON t.plan_id = p.id GROUP BY p.code ORDER BY count(t.id) DESC, p.code`);
  const big = plans[0].code;
  const { rows: [{ areas }] } = await c.query('SELECT array_agg(id ORDER BY id) AS areas FROM area');
  const { rows: [{ ids }] } = await c.query(
    `SELECT array_agg(t.id) AS ids FROM (SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = 'BENCH001' ORDER BY t.code LIMIT 100) t`);
  const { rows: [deep] } = await c.query(
    `SELECT code, id FROM task WHERE archived_at IS NULL AND parent_id IS NULL ORDER BY code, id OFFSET 50000 LIMIT 1`);
  const page = (q, after = null) => sql.taskPageSql(q, 'CODE_ASC', after, 101, today, {});
  const shapes = [
    ['A', `Area.tasks(first: 1) { totalCount } for all ${areas.length} areas (one batch)`,
      sql.taskPagesByParentSql('area_id', areas, {}, 'CODE_ASC', null, 2, today, { totalCount: true })],
    ['A', 'Task.history(first: 3) { totalCount } for a page of 100 tasks (one batch)', { sql: historyPagesSql(true), params: [ids, null, 4] }],
    ['D', 'all plans, first page by code', page({})],
    ['D', 'all plans, overdue, first page', page({ overdue: true })],
    ['D', 'all plans, lead region JS, first page', page({ leadRegion: ['JS'] })],
    ['D', 'all plans, 50,000 rows deep (keyset)', page({}, { order: 'CODE_ASC', key: deep.code, id: deep.id })],
    ['D', 'all plans, total (only when totalCount is selected)', sql.taskCountSql({}, today)],
    ['E', 'search "rail", all plans, page + total (custom plan)', sql.taskPageWithTotalSql({ search: 'rail' }, 'CODE_ASC', null, 21, today, {})],
    ['F', `plan ${big} (${plans[0].tasks} tasks), first page`, page({ planCode: big })],
    ['F', `plan ${big}, total`, sql.taskCountSql({ planCode: big }, today)],
    ['F', `progressByArea ${big}`, { sql: progress.PROGRESS_BY_AREA_SQL, params: [big, today] }],
    ['F', 'progressByArea BENCH001', { sql: progress.PROGRESS_BY_AREA_SQL, params: ['BENCH001', today] }],
    ['B', 'progressByRegion BENCH001', { sql: progress.PROGRESS_BY_REGION_SQL, params: ['BENCH001', today] }],
    ['B', `progressByRegion ${big}`, { sql: progress.PROGRESS_BY_REGION_SQL, params: [big, today] }],
    ['C', 'roundComparison', { sql: progress.ROUND_COMPARISON_SQL, params: [] }],
  ];
  const verbose = process.argv.includes('--plans');
  console.log(`| shape | statement | ms (median of ${RUNS}) |\n|---|---|---|`);
  for (const [shape, what, q] of shapes) {
    const r = await explain(c, q.sql, q.params);
    console.log(`| ${shape} | ${what} | ${r.ms.toFixed(2)} |`);
    if (verbose) console.log(r.plan);
  }
  const search = sql.taskPageWithTotalSql({ search: 'rail' }, 'CODE_ASC', null, 21, today, {});
  const generic = await explainGeneric(c, search.sql, search.params);
  console.log(`| E | the same search as a prepared statement on its generic plan (what preparing it led to) | ${generic.ms.toFixed(2)} |`);
  await c.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
