'use strict';
// --smoke: the tuned peer's answers to S1 and S3 must equal the product's. Its SQL functions (peer-schema.sql) are
// called through `pg` always (CI has only the product's node_modules); when the bench package is installed, the tuned
// PostGraphile server is asked too, so the GraphQL layer over them is checked as well.
const sc = require('./scenarios');
const { post } = require('./http');
const { TOKEN } = require('./common');

/** S1 and S3 as the tuned peer's functions answer them, in the normalised shape of scenarios.normalize. */
async function peerFunctionAnswers(pg) {
  const s1 = await pg.query(
    `SELECT area_code, task_count, not_reported, not_started, in_progress, completed, delayed, suspended, overdue
     FROM peer.progress_by_area($1, $2::date)`,
    [sc.PLAN_CODE, sc.todayUtc()],
  );
  const args = [sc.SEARCH.status, sc.SEARCH.leadRegion, sc.SEARCH.search];
  const total = await pg.query('SELECT count(*)::int AS n FROM peer.search_tasks($1::task_status[], $2::text[], $3)', args);
  const page = await pg.query(
    `SELECT t.code, t.title, t.status, t.progress, a.code AS area_code,
       ARRAY(SELECT lr.region_code FROM task_lead_region lr JOIN region r ON r.code = lr.region_code
             WHERE lr.task_id = t.id ORDER BY r.ordinal) AS regions
     FROM peer.search_tasks($1::task_status[], $2::text[], $3) t LEFT JOIN area a ON a.id = t.area_id
     ORDER BY t.code, t.id LIMIT $4`,
    [...args, sc.SEARCH.first],
  );
  return {
    S1: s1.rows.map((r) => ({
      area: r.area_code,
      taskCount: r.task_count,
      notReported: r.not_reported,
      notStarted: r.not_started,
      inProgress: r.in_progress,
      completed: r.completed,
      delayed: r.delayed,
      suspended: r.suspended,
      overdue: r.overdue,
    })),
    S3: {
      totalCount: total.rows[0].n,
      nodes: page.rows.map((r) => ({
        code: r.code,
        title: r.title,
        status: r.status,
        progress: r.progress,
        area: r.area_code ? { code: r.area_code } : null,
        leadRegions: r.regions,
      })),
    },
  };
}

/**
 * Differences between the product's answers to S1 and S3 and the tuned peer's (its SQL functions, and its server
 * when `peerServer` is given). Returns failure messages; none when they agree.
 */
async function checkTunedPeer(pg, product, caps, peerServer = null) {
  const failures = [];
  const productAnswer = {};
  for (const scenario of ['S1', 'S3']) {
    const res = await post(product, sc.request('product', scenario, caps, TOKEN));
    productAnswer[scenario] = sc.normalize('product', scenario, caps, res.json);
  }
  const viaSql = await peerFunctionAnswers(pg);
  for (const scenario of ['S1', 'S3']) {
    const diff = sc.firstDifference(viaSql[scenario], productAnswer[scenario]);
    if (diff) failures.push(`${scenario}: the tuned peer's SQL function answers otherwise than the product: ${diff}`);
    if (!peerServer) continue;
    const res = await post(peerServer, sc.request('peer', scenario, caps, TOKEN));
    let httpDiff;
    try {
      httpDiff = sc.firstDifference(sc.normalize('peer', scenario, caps, res.json), productAnswer[scenario]);
    } catch (err) {
      httpDiff = err.message;
    }
    if (httpDiff) failures.push(`${scenario}: the tuned peer (PostGraphile) answers otherwise than the product: ${httpDiff}`);
  }
  return { failures, areas: productAnswer.S1.length, matches: productAnswer.S3.totalCount };
}

module.exports = { checkTunedPeer, peerFunctionAnswers };
