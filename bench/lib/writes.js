'use strict';
// S4/S5 writes: pools of tasks handed to concurrent editors, and the lost-write checks.
const sc = require('./scenarios');
const systems = require('./systems');
const { TOKEN } = require('./common');

async function versionsOf(pg, ids) {
  const { rows } = await pg.query('SELECT id, version FROM task WHERE id = ANY($1::int[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** Acknowledged writes (task, version) that have no history row, and version bumps without exactly one history row. */
async function lostWrites(pg, acked, ids, before) {
  const {
    rows: [missing],
  } = await pg.query(
    `SELECT count(*)::int AS n FROM unnest($1::int[], $2::int[]) AS a(t, v)
     WHERE NOT EXISTS (SELECT 1 FROM task_update u WHERE u.task_id = a.t AND u.version = a.v)`,
    [acked.map((a) => a[0]), acked.map((a) => a[1])],
  );
  const { rows } = await pg.query(
    `SELECT t.id, t.version, (SELECT count(*)::int FROM task_update u WHERE u.task_id = t.id) AS history
     FROM task t WHERE t.id = ANY($1::int[])`,
    [ids],
  );
  // Each bump since `before` must have added one row: version - history is constant per task.
  const after = new Map(rows.map((r) => [r.id, r.version - r.history]));
  let mismatched = 0;
  for (const id of ids) if (before.get(id) !== after.get(id)) mismatched += 1;
  return { missing: missing.n, mismatched };
}

/** Waits until writes still in flight from the last burst (autocannon stops sending, the server finishes) are done. */
async function settle(pg, ids) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    const {
      rows: [r],
    } = await pg.query('SELECT sum(version)::bigint AS v FROM task WHERE id = ANY($1::int[])', [ids]);
    if (last !== null && r.v === last) return;
    last = r.v;
    await systems.sleep(250);
  }
}

async function historyGap(pg, ids) {
  const { rows } = await pg.query(
    `SELECT t.id, t.version - (SELECT count(*)::int FROM task_update u WHERE u.task_id = t.id) AS gap FROM task t WHERE t.id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.gap]));
}

/**
 * A write pool for one burst: tasks are handed to whichever connection asks next and come back with the
 * version the server answered, so concurrent writers never share a task and always send the version they got.
 */
function writePool(system, caps, versions) {
  const free = [...versions.entries()];
  const acked = [];
  const stats = { ok: 0, conflicts: 0, failed: 0, exhausted: 0 };
  const request = {
    method: 'POST',
    path: system === 'limit' ? '/s4' : '/graphql',
    headers: { 'content-type': 'application/json', ...(sc.isPeer(system) ? {} : { authorization: `Bearer ${TOKEN}` }) },
    setupRequest: (req, context) => {
      const next = free.shift();
      if (!next) {
        stats.exhausted += 1;
        return null;
      }
      context.task = next;
      return { ...req, body: sc.writeBody(system, caps, next[0], next[1]) };
    },
    onResponse: (status, body, context) => {
      const task = context.task;
      context.task = null;
      if (!task) return;
      const r = sc.writeResult(body);
      if (r.version !== null) {
        stats.ok += 1;
        acked.push([task[0], r.version]);
        free.push([task[0], r.version]);
      } else if (r.error === 'VERSION_CONFLICT' && Number.isInteger(r.actualVersion)) {
        stats.conflicts += 1;
        free.push([task[0], r.actualVersion]);
      } else {
        stats.failed += 1;
        stats.firstFailure ??= r.error;
      }
    },
  };
  return { request, acked, stats };
}

/**
 * S5: every request is drawn from a seeded sequence: 10% writes (from the write pool), 40% S1, 50% S2, so
 * writes are spread through each round whatever its length.
 */
function mixRequest(system, caps, pool, seed = 20240601) {
  const r1 = sc.request(system, 'S1', caps, TOKEN);
  const r2 = sc.request(system, 'S2', caps, TOKEN);
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  return {
    method: 'POST',
    path: r1.path,
    headers: r1.headers,
    body: r1.body,
    setupRequest: (req, context) => {
      const x = next();
      if (x < 0.1) {
        const write = pool.request.setupRequest({ ...req, path: pool.request.path, headers: pool.request.headers }, context);
        if (write) return write;
      }
      context.task = null;
      const pick = x < 0.5 ? r1 : r2;
      return { ...req, path: pick.path, headers: pick.headers, body: pick.body };
    },
    onResponse: (status, body, context) => pool.request.onResponse(status, body, context),
  };
}

module.exports = { versionsOf, lostWrites, settle, historyGap, writePool, mixRequest };
