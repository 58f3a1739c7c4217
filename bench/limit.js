'use strict';
// The limit: a bare Fastify route per scenario running the product's own SQL (imported from dist/) through
// pg with prepared statements, answering the same JSON as the product's GraphQL reply. No GraphQL, no Nest,
// no ORM. Started by run.js as a child process: DATABASE_URL, PORT, TOKEN. Uses only the product's
// node_modules (fastify, pg), so the smoke run can start it without the bench package.
const crypto = require('node:crypto');
const path = require('node:path');
const Fastify = require('fastify');
const { Pool } = require('pg');

const DIST = path.resolve(__dirname, '..', 'dist', 'src');
const { PROGRESS_BY_AREA_SQL } = require(path.join(DIST, 'progress', 'progress.sql.js'));
const { taskPageSql, taskCountSql, taskPageWithTotalSql } = require(path.join(DIST, 'tasks', 'tasks.sql.js'));
// The relations a task page can carry are registered by their owners' SQL modules (tasks/task-page-relations.ts).
require(path.join(DIST, 'task-updates', 'latest-update.sql.js'));
require(path.join(DIST, 'indicators', 'task-indicators.sql.js'));

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'apt-bench-limit' });
const expected = crypto.createHash('sha256').update(`Bearer ${process.env.TOKEN}`).digest();
const app = Fastify({ logger: false, keepAliveTimeout: 60000 });

const today = () => new Date().toISOString().slice(0, 10);
// A prepared statement per distinct SQL text (pg prepares a named statement once per connection).
const names = new Map();
function prepared(text, values) {
  let name = names.get(text);
  if (!name) {
    name = `b${crypto.createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
const query = (text, values) => pool.query(prepared(text, values)).then((r) => r.rows);

app.addHook('onRequest', async (req, reply) => {
  const got = crypto
    .createHash('sha256')
    .update(String(req.headers.authorization ?? ''))
    .digest();
  if (!crypto.timingSafeEqual(got, expected)) return reply.code(401).send({ errors: [{ message: 'unauthenticated' }] });
});

const S1_SQL = `SELECT x.*, a.code AS area_code FROM (${PROGRESS_BY_AREA_SQL}) x LEFT JOIN area a ON a.id = x.area_id
  ORDER BY x.ordinal NULLS LAST`;

app.post('/s1', async (req) => {
  const rows = await query(S1_SQL, [req.body.planCode]);
  if (rows.length === 0 || rows[0].plan_id === null) return { data: null, errors: [{ message: 'Plan not found', extensions: { code: 'NOT_FOUND' } }] };
  return {
    data: {
      progressByArea: rows
        .filter((r) => r.task_count !== null)
        .map((r) => ({
          area: r.area_id === null ? null : { code: r.area_code },
          taskCount: r.task_count,
          notReported: r.not_reported,
          notStarted: r.not_started,
          inProgress: r.in_progress,
          completed: r.completed,
          delayed: r.delayed,
          suspended: r.suspended,
          overdue: r.overdue,
        })),
    },
  };
});

/** A task page (S2 and S3) as the product asks for it: page (relations as JSON) and total in parallel, or both in one for a search. */
async function page(body) {
  const q = { ...(body.filter ?? {}), planCode: body.planCode };
  const include = { latestUpdate: !!body.latestUpdate, indicators: !!body.indicators };
  let rows;
  let total;
  if (q.search) {
    // The product finds a search once, and pages and counts it in the same statement.
    const b = taskPageWithTotalSql(q, 'CODE_ASC', null, body.first, include);
    const all = await query(b.sql, b.params);
    total = all[0].total;
    rows = all.filter((r) => r.id !== null);
  } else {
    const p = taskPageSql(q, 'CODE_ASC', null, body.first, include);
    const c = taskCountSql(q);
    [rows, [{ total }]] = await Promise.all([query(p.sql, p.params), query(c.sql, c.params)]);
  }
  const edges = rows.map((r) => {
    const node = {
      code: r.code,
      title: r.title,
      status: r.status,
      progress: r.progress,
      area: r.area_json === null ? null : body.areaName ? { code: r.area_json.code, name: r.area_json.name } : { code: r.area_json.code },
      leadRegions: r.regions_json.map((x) => ({ code: x.code })),
    };
    if (body.latestUpdate) {
      const u = r.latest_update_json;
      node.latestUpdate = u === null ? null : { recordedAt: new Date(u.recordedAt).toISOString() };
    }
    if (body.indicators) node.indicators = r.indicators_json.map((i) => ({ code: i.code }));
    return { node };
  });
  return { data: { tasks: { totalCount: total, edges } } };
}

app.post('/s2', async (req) => page(req.body));
app.post('/s3', async (req) => page(req.body));

// S4: the product's write, statement for statement: read the task, then one conditional statement that bumps the
// version and appends the history row (TaskWriter), no explicit transaction.
const READ_SQL = `SELECT t.*, ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = t.id ORDER BY lr.region_code) AS lead_regions
  FROM task t WHERE t.id = $1`;
const WRITE_SQL = `WITH u AS (UPDATE task SET status = $12, progress = $13, version = version + 1, updated_at = now()
    WHERE id = $1 AND version = $2 RETURNING *),
  h AS (INSERT INTO task_update (task_id, version, actor_key_id, actor_name, origin, occurred_on, status_from, status_to,
    progress_from, progress_to, note, evidence_url, changes)
    SELECT u.id, u.version, $3::uuid, $4::text, $5::varchar, $6::date, $7::task_status, u.status, $8::smallint, u.progress,
      $9::text, $10::text, $11::jsonb FROM u)
  SELECT * FROM u`;

// One statement instead of five round trips (LIMIT_WRITE=single): lock, check, bump, history, atomically.
const SINGLE_WRITE_SQL = `WITH cur AS (SELECT id, version, status, progress FROM task WHERE id = $1 FOR UPDATE),
  upd AS (UPDATE task t SET status = $3, progress = $4, version = t.version + 1, updated_at = now()
    FROM cur WHERE t.id = cur.id AND cur.version = $2 RETURNING t.id, t.version, t.status, t.progress),
  ins AS (INSERT INTO task_update (task_id, version, actor_name, origin, occurred_on, status_from, status_to, progress_from, progress_to, note)
    SELECT upd.id, upd.version, 'limit', 'API', $5::date,
      CASE WHEN cur.status IS DISTINCT FROM upd.status THEN cur.status END, CASE WHEN cur.status IS DISTINCT FROM upd.status THEN upd.status END,
      CASE WHEN cur.progress IS DISTINCT FROM upd.progress THEN cur.progress END, CASE WHEN cur.progress IS DISTINCT FROM upd.progress THEN upd.progress END, $6
    FROM upd JOIN cur ON cur.id = upd.id)
  SELECT (SELECT version FROM cur) AS current_version, (SELECT version FROM upd) AS new_version`;

if (process.env.LIMIT_WRITE === 'single') {
  app.post('/s4', async (req) => {
    const { taskId, expectedVersion, status, progress, note } = req.body;
    const [r] = await query(SINGLE_WRITE_SQL, [taskId, expectedVersion, status, progress, today(), note]);
    if (r.new_version === null) {
      return { data: null, errors: [{ message: 'version conflict', extensions: { code: 'VERSION_CONFLICT', actualVersion: r.current_version } }] };
    }
    return { data: { recordTaskUpdate: { version: r.new_version } } };
  });
} else
  app.post('/s4', async (req) => {
    const { taskId, expectedVersion, status, progress, note } = req.body;
    const [cur] = await query(READ_SQL, [taskId]);
    const conflict = (actualVersion) => ({ data: null, errors: [{ message: 'version conflict', extensions: { code: 'VERSION_CONFLICT', actualVersion } }] });
    if (!cur || cur.version !== expectedVersion) return conflict(cur?.version ?? null);
    const [upd] = await query(WRITE_SQL, [
      taskId,
      expectedVersion,
      null,
      'limit',
      'API',
      today(),
      cur.status,
      cur.progress,
      note,
      null,
      null,
      status,
      progress,
    ]);
    if (!upd) return conflict(null);
    return { data: { recordTaskUpdate: { version: upd.version } } };
  });

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).then(() => console.log(`limit listening on ${process.env.PORT}`));
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
