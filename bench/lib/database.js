'use strict';
// A fresh database per size: dropped and recreated (task_update refuses TRUNCATE and DELETE), the schema
// from the product's own migrations, then the model's rows in a few large statements.
const path = require('node:path');
const { Client } = require('pg');

const ROOT = path.resolve(__dirname, '..', '..');

/** The URL of database `name` on the server of `baseUrl` (same host, port, user and options). */
function databaseUrl(baseUrl, name) {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient(url, fn) {
  const client = new Client({ connectionString: url, application_name: 'apt-bench' });
  client.on('error', () => undefined); // a lost connection fails the pending query, which is reported there
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(baseUrl, name) {
  const admin = new URL(baseUrl);
  if (admin.pathname === '/' || admin.pathname === '' || admin.pathname === `/${name}`) admin.pathname = '/postgres';
  await withClient(admin.toString(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

/** Runs the product's migrations through its own TypeORM options (dist must be built). */
async function migrate(url) {
  require(require.resolve('reflect-metadata', { paths: [ROOT] }));
  const { DataSource } = require(require.resolve('typeorm', { paths: [ROOT] }));
  const { dataSourceOptions } = require(path.join(ROOT, 'dist/src/database/data-source-options.js'));
  const options = dataSourceOptions(url, { poolSize: 2, statementTimeoutMs: 600000, connectTimeoutMs: 10000 });
  const ds = new DataSource({ ...options, logger: 'simple-console', logging: ['error'] });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * The product's fold for the stored search text (dist/src/tasks/search-folding.js), when the schema has the column
 * (a build from before it has neither): the same function the product's writes use.
 */
async function searchTextOf(c) {
  const { rowCount } = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'task' AND column_name = 'search_text'`);
  return rowCount ? require(path.join(ROOT, 'dist/src/tasks/search-folding.js')).taskSearchText : null;
}

/** Loads the model's rows; history and readings are generated in SQL from the task rows. */
async function load(url, model, log = () => {}) {
  await withClient(url, async (c) => {
    const searchText = await searchTextOf(c);
    await c.query('SET synchronous_commit = off');
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO plan (id, code, round, title, title_en, issuer, period_start, period_end, declared_task_count)
       SELECT * FROM unnest($1::int[], $2::varchar[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])`,
      [
        model.plans.map((p) => p.id),
        model.plans.map((p) => p.code),
        model.plans.map((p) => p.round),
        model.plans.map((p) => p.title),
        model.plans.map((p) => p.titleEn),
        model.plans.map(() => '长三角区域合作办公室'),
        model.plans.map((p) => p.periodStart),
        model.plans.map((p) => p.periodEnd),
        model.plans.map((p) => model.tasks.filter((t) => t.planId === p.id).length),
      ],
    );
    await c.query(
      `INSERT INTO area (id, plan_id, ordinal, code, name, name_en)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[], $5::text[], $6::text[])`,
      [
        model.areas.map((a) => a.id),
        model.areas.map((a) => a.planId),
        model.areas.map((a) => a.ordinal),
        model.areas.map((a) => a.code),
        model.areas.map((a) => a.name),
        model.areas.map((a) => a.nameEn),
      ],
    );
    for (const part of chunks(model.tasks, 20000)) {
      const folded = searchText ? [part.map((t) => searchText(t.title, t.titleEn))] : [];
      await c.query(
        `INSERT INTO task (id, plan_id, area_id, area_basis, code, title, title_en, status, progress, lead_agencies,
           start_date, due_date, version, created_at, updated_at${searchText ? ', search_text' : ''})
         SELECT id, plan_id, area_id, 'STATED', code, title, title_en, status, progress, ARRAY[agency], start_date, due_date, version,
           timestamptz '2024-01-01 00:00:00+00', timestamptz '2024-01-01 00:00:00+00' + (version - 1) * interval '30 days'${searchText ? ', search_text' : ''}
         FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[], $5::text[], $6::text[], $7::task_status[], $8::smallint[],
           $9::text[], $10::date[], $11::date[], $12::int[]${searchText ? ', $13::text[]' : ''})
           AS r(id, plan_id, area_id, code, title, title_en, status, progress, agency, start_date, due_date, version${searchText ? ', search_text' : ''})`,
        [
          part.map((t) => t.id),
          part.map((t) => t.planId),
          part.map((t) => t.areaId),
          part.map((t) => t.code),
          part.map((t) => t.title),
          part.map((t) => t.titleEn),
          part.map((t) => t.status),
          part.map((t) => t.progress),
          part.map((t) => t.agency),
          part.map((t) => t.startDate),
          part.map((t) => t.dueDate),
          part.map((t) => t.version),
          ...folded,
        ],
      );
      const pairs = part.flatMap((t) => t.regions.map((r) => [t.id, r]));
      await c.query('INSERT INTO task_lead_region (task_id, region_code) SELECT * FROM unnest($1::int[], $2::varchar[])', [
        pairs.map((x) => x[0]),
        pairs.map((x) => x[1]),
      ]);
    }
    log(`  ${model.tasks.length} tasks`);
    // History: versions 2..version per task; the last row lands on the task's status and progress.
    // recorded_at follows model.recordedAt(): whole seconds, 30 days apart.
    const maxId = model.tasks.length;
    for (let lo = 1; lo <= maxId; lo += 20000) {
      await c.query(
        `INSERT INTO task_update (task_id, version, actor_name, origin, recorded_at, occurred_on, status_from, status_to,
           progress_from, progress_to, note)
         SELECT t.id, g.v, 'bench-editor-' || (t.id % 17), 'API', h.at, h.at::date,
           CASE WHEN g.v = 2 THEN 'NOT_REPORTED' WHEN g.v = 3 THEN 'NOT_STARTED' ELSE 'IN_PROGRESS' END::task_status,
           CASE WHEN g.v = t.version THEN t.status WHEN g.v = 2 THEN 'NOT_STARTED' ELSE 'IN_PROGRESS' END::task_status,
           CASE WHEN g.v = 2 THEN NULL ELSE (COALESCE(t.progress, 50) * (g.v - 2) / (t.version - 1))::smallint END,
           CASE WHEN g.v = t.version THEN t.progress ELSE (COALESCE(t.progress, 50) * (g.v - 1) / (t.version - 1))::smallint END,
           CASE WHEN g.v % 3 = 0 THEN '第' || g.v || '次进展：按计划推进，已完成阶段性目标。' END
         FROM task t
         CROSS JOIN LATERAL generate_series(2, t.version) AS g(v)
         CROSS JOIN LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + (g.v - 1) * interval '30 days'
           + ((t.id * 7919) % 86400) * interval '1 second' AS at) h
         WHERE t.id BETWEEN $1 AND $2 AND t.version > 1`,
        [lo, lo + 19999],
      );
    }
    log(`  ${model.historyRows} history rows`);
    const ind = model.indicators;
    for (const part of chunks(ind, 20000)) {
      await c.query(
        `INSERT INTO indicator (id, code, name, name_en, unit, plan_id, task_id)
         SELECT id, code, '指标 ' || code, 'Indicator ' || code, CASE WHEN id % 2 = 0 THEN '公里' ELSE '项' END, plan_id, task_id
         FROM unnest($1::int[], $2::varchar[], $3::int[], $4::int[]) AS r(id, code, plan_id, task_id)`,
        [part.map((i) => i.id), part.map((i) => i.code), part.map((i) => i.planId), part.map((i) => i.taskId)],
      );
    }
    // Readings: a baseline, a target and 1–4 quarterly actuals per indicator.
    await c.query(
      `INSERT INTO indicator_reading (indicator_id, kind, value, qualifier, as_of, as_of_precision, note)
       SELECT i.id, 'BASELINE'::reading_kind, 100 + i.id % 50, 'EXACT'::figure_qualifier, date '2023-12-31', 'YEAR'::date_precision, NULL FROM indicator i
       UNION ALL
       SELECT i.id, 'TARGET'::reading_kind, 200 + i.id % 70, 'AT_LEAST'::figure_qualifier, date '2026-12-31', 'YEAR'::date_precision, NULL FROM indicator i
       UNION ALL
       SELECT i.id, 'ACTUAL'::reading_kind, 100 + i.id % 50 + q * (1 + i.id % 9), CASE WHEN q % 2 = 0 THEN 'OVER' ELSE 'EXACT' END::figure_qualifier,
         (date '2024-01-01' + q * interval '3 months' - interval '1 day')::date, 'QUARTER'::date_precision, NULL
       FROM indicator i CROSS JOIN LATERAL generate_series(1, 1 + i.id % 4) AS q`,
    );
    for (const [table, column] of [
      ['plan', 'id'],
      ['area', 'id'],
      ['task', 'id'],
      ['indicator', 'id'],
    ]) {
      await c.query(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), (SELECT max(${column}) FROM ${table}))`);
    }
    await c.query('COMMIT');
    // Visibility map and statistics as a settled database has them (index-only scans, good plans).
    await c.query('VACUUM (ANALYZE)');
  });
}

async function tableCounts(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT (SELECT count(*) FROM plan)::int AS plans, (SELECT count(*) FROM area)::int AS areas,
         (SELECT count(*) FROM task)::int AS tasks, (SELECT count(*) FROM task_lead_region)::int AS lead_regions,
         (SELECT count(*) FROM task_update)::int AS history, (SELECT count(*) FROM indicator)::int AS indicators,
         (SELECT count(*) FROM indicator_reading)::int AS readings, pg_database_size(current_database())::bigint AS bytes`,
    );
    return rows[0];
  });
}

module.exports = { databaseUrl, recreateDatabase, migrate, load, tableCounts, withClient, ROOT };
