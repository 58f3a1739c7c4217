'use strict';
// EXPLAIN (ANALYZE, BUFFERS) of the statements the product (and the peer) actually sent for S1–S3,
// as captured at the driver, and the indexes on the tables they read.

const TABLES = ['plan', 'area', 'task', 'task_lead_region', 'task_update', 'indicator', 'indicator_reading', 'region'];

async function explainOne(pg, text, values) {
  await pg.query('BEGIN');
  try {
    const { rows } = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    // Nothing an EXPLAIN ANALYZE ran may stay (the captured statements are reads, but be sure).
    await pg.query('ROLLBACK');
  }
}

function indexesUsed(plan) {
  const used = new Set();
  for (const m of plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)?|Bitmap Index Scan) (?:using|on) ("?[\w.]+"?)/g)) used.add(m[1].replace(/"/g, ''));
  return [...used];
}

async function explainAll(pg, statements) {
  const plans = [];
  for (const scenario of ['S1', 'S2', 'S3']) {
    for (const system of ['product', 'peer', 'peer-generic']) {
      const captured = statements[scenario]?.[system]?.captured ?? [];
      const seen = new Set();
      for (const q of captured) {
        if (seen.has(q.text) || /set_config|^\s*(begin|commit|rollback|savepoint|release)/i.test(q.text)) continue;
        seen.add(q.text);
        let plan;
        try {
          plan = await explainOne(pg, q.text, q.values);
        } catch (err) {
          plan = `EXPLAIN failed: ${err.message}`;
        }
        const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
        const planning = /Planning Time: ([\d.]+) ms/.exec(plan);
        plans.push({
          scenario,
          system,
          sql: q.text.replace(/\s+/g, ' ').trim(),
          values: q.values,
          plan,
          indexes: indexesUsed(plan),
          executionMs: exec ? Number(exec[1]) : null,
          planningMs: planning ? Number(planning[1]) : null,
          jit: /JIT:/.test(plan),
        });
      }
    }
  }
  const { rows: indexes } = await pg.query(
    `SELECT i.tablename AS table, i.indexname AS name, i.indexdef AS definition, pg_relation_size(c.oid)::bigint AS bytes,
       s.idx_scan::bigint AS scans
     FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname
     LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = c.oid
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1) ORDER BY i.tablename, i.indexname`,
    [TABLES],
  );
  return { plans, indexes };
}

module.exports = { explainAll };
