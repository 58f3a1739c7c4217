'use strict';
// Cheap polling (issue 15): the product's GET of S1 revalidated with If-None-Match (answered 304) beside the bare
// route's S1 (bench/limit.js), the same GET answered in full, and a trivial route. The correctness check needs only
// the product's node_modules (smoke); the measurement needs autocannon (the bench package).
const { URLSearchParams } = require('node:url');
const { countStatements } = require('./http');
const { PLAN_CODE } = require('./scenarios');

const S1 = `query S1($planCode: String!) { progressByArea(planCode: $planCode) {
    area { code } taskCount notReported notStarted inProgress completed delayed suspended overdue } }`;

/** The product's S1 as a GET (document and variables in the query string). */
function s1GetPath() {
  const params = new URLSearchParams({ query: S1, variables: JSON.stringify({ planCode: PLAN_CODE }), operationName: 'S1' });
  return `/graphql?${params}`;
}

async function get(server, path, headers) {
  const res = await fetch(server.url(path), { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/**
 * Checks that the product tags S1 over GET, answers a matching If-None-Match with an empty 304 for one statement (the
 * data version read), and a stale one in full. Returns the ETag, the statements per 304 and what failed.
 */
async function checkRevalidation(product, token) {
  const failures = [];
  const auth = { authorization: `Bearer ${token}` };
  const path = s1GetPath();
  const full = await get(product, path, auth);
  const etag = full.headers.get('etag');
  if (full.status !== 200 || !etag) failures.push(`GET S1 answered ${full.status} without an ETag: ${full.text.slice(0, 200)}`);
  const notModified = await get(product, path, { ...auth, 'if-none-match': etag ?? '' });
  if (notModified.status !== 304 || notModified.text !== '') failures.push(`GET S1 with If-None-Match answered ${notModified.status} (expected an empty 304)`);
  const stale = await get(product, path, { ...auth, 'if-none-match': 'W/"stale"' });
  if (stale.status !== 200) failures.push(`GET S1 with a stale If-None-Match answered ${stale.status}`);
  const s = await countStatements(product, () => get(product, path, { ...auth, 'if-none-match': etag ?? '' }), 5);
  if (s.perRequest > 1) failures.push(`a 304 revalidation costs ${s.perRequest} statements (budget 1): ${JSON.stringify(s.texts)}`);
  return { etag, statementsPer304: s.perRequest, failures };
}

/** One autocannon run: requests per second, latency percentiles (ms) and the status classes seen. */
function run(autocannon, { url, method = 'GET', headers, body, connections, seconds }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, method, headers, body, connections, duration: seconds, pipelining: 1, timeout: 10 }, (err, r) => {
      if (err) return reject(err);
      resolve({
        rps: r.requests.total / seconds,
        p50: r.latency.p50,
        p99: r.latency.p99,
        statuses: { '2xx': r['2xx'], '3xx': r['3xx'], '4xx': r['4xx'], '5xx': r['5xx'] },
        errors: r.errors + r.timeouts,
      });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Measures each kind in turn, `rounds` times (alternating, so drift hits all alike), after a warm-up of each, and
 * returns the median rps and latency of each kind with the ratios. `expect` names the status class each must answer.
 */
async function measure({ product, limit, token, etag, connections, seconds, rounds, warmup, log }) {
  const autocannon = require('autocannon');
  const auth = { authorization: `Bearer ${token}` };
  const kinds = [
    {
      name: 'bare route S1 (POST /s1, limit.js)',
      key: 'bare',
      url: limit.url('/s1'),
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ planCode: PLAN_CODE }),
      expect: '2xx',
    },
    {
      name: 'product GET S1, If-None-Match → 304',
      key: 'revalidate',
      url: product.url(s1GetPath()),
      headers: { ...auth, 'if-none-match': etag },
      expect: '3xx',
    },
    { name: 'product GET S1, answered in full', key: 'full', url: product.url(s1GetPath()), headers: auth, expect: '2xx' },
    { name: 'product GET /health/live (trivial)', key: 'trivial', url: product.url('/health/live'), headers: {}, expect: '2xx' },
  ];
  const results = new Map(kinds.map((k) => [k.key, []]));
  for (const k of kinds) await run(autocannon, { ...k, connections, seconds: warmup });
  for (let round = 1; round <= rounds; round++) {
    for (const k of kinds) {
      const r = await run(autocannon, { ...k, connections, seconds });
      const total = Object.values(r.statuses).reduce((a, b) => a + b, 0);
      if (r.errors > 0 || r.statuses[k.expect] !== total)
        throw new Error(`${k.name}: ${JSON.stringify(r.statuses)}, ${r.errors} errors (expected only ${k.expect})`);
      results.get(k.key).push(r);
      log(`  round ${round} ${k.name.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`);
    }
  }
  const summary = Object.fromEntries(
    kinds.map((k) => {
      const rs = results.get(k.key);
      return [
        k.key,
        {
          name: k.name,
          rps: median(rs.map((r) => r.rps)),
          p50: median(rs.map((r) => r.p50)),
          p99: median(rs.map((r) => r.p99)),
          rounds: rs.map((r) => Math.round(r.rps)),
        },
      ];
    }),
  );
  return {
    summary,
    ratios: {
      revalidateToBare: summary.revalidate.rps / summary.bare.rps,
      revalidateToFull: summary.revalidate.rps / summary.full.rps,
      revalidateToTrivial: summary.revalidate.rps / summary.trivial.rps,
    },
  };
}

module.exports = { S1, s1GetPath, checkRevalidation, measure };
