'use strict';
// One measured burst with autocannon (bench package): fixed connections, every response time kept for exact
// percentiles, every body checked for GraphQL errors, server RSS sampled and server/PostgreSQL CPU read.
const fs = require('node:fs');
const { readCpuMs, readReapedChildrenCpuMs } = require('./systems');

/** Busy CPU time of the whole machine so far, in ms (all cores). */
function machineBusyMs() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = line[0] + line[1] + line[2] + line[5] + line[6] + line[7];
  return (busy * 1000) / 100;
}

let autocannon = null;
function loadAutocannon() {
  if (!autocannon) autocannon = require('autocannon');
  return autocannon;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** PIDs of the PostgreSQL backends serving database `db`, read through `client`. */
async function backendPids(client, db) {
  const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db]);
  return rows.map((r) => r.pid);
}

/** The postmaster's pid: the parent of the harness's own backend. */
async function postmasterPid(client) {
  const {
    rows: [{ pid }],
  } = await client.query('SELECT pg_backend_pid() AS pid');
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * Runs autocannon against `server` for `seconds` with `connections`. `requests` is autocannon's list (cycled
 * per connection); `onWrite(result, context)` sees each write reply. Returns req/s, latency percentiles (ms),
 * errors, peak RSS (MB), and CPU ms per request of the server and of its PostgreSQL backends.
 */
async function burst({ server, requests, connections, seconds, rate, initialContext, pg, db, sample = true }) {
  const ac = loadAutocannon();
  const times = [];
  let non2xx = 0;
  let gqlErrors = 0;
  let firstError = null;
  const checked = requests.map((r) => ({
    ...r,
    onResponse: (status, body, context) => {
      if (status < 200 || status > 299) {
        non2xx += 1;
        firstError ??= `HTTP ${status}: ${String(body).slice(0, 200)}`;
      } else if (body && body.includes('"errors"')) {
        gqlErrors += 1;
        firstError ??= String(body).slice(0, 300);
      }
      if (r.onResponse) r.onResponse(status, body, context);
    },
  }));
  const pids = sample && pg ? await backendPids(pg, db) : [];
  const cpu0 = server.cpuMs();
  const busy0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const pgCpu0 = new Map(pids.map((p) => [p, readCpuMs(p) ?? 0]));
  // Parallel query workers live for one statement and are gone before any sampling sees them; once reaped, their CPU
  // is added to the postmaster's children time, which is read here and counted as PostgreSQL's (not "other load").
  // Any other session's backend that ends during the round lands there too: on a quiet machine that is nothing.
  const postmaster = sample && pg ? await postmasterPid(pg) : null;
  const reaped0 = postmaster ? readReapedChildrenCpuMs(postmaster) : null;
  let rssPeak = 0;
  const sampler = setInterval(() => {
    const rss = server.rssMb();
    if (rss !== null && rss > rssPeak) rssPeak = rss;
  }, 200);
  const started = Date.now();
  const run = (opts, delayMs = 0) =>
    new Promise((resolve, reject) => {
      setTimeout(() => {
        const inst = ac({ url: `http://127.0.0.1:${server.port}`, pipelining: 1, timeout: 10, requests: checked, initialContext, ...opts }, (err, res) =>
          err ? reject(err) : resolve(res),
        );
        inst.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
      }, delayMs);
    });
  let result;
  if (rate) {
    // A fixed rate as evenly spaced arrivals: one autocannon connection per slot, each at rate/connections, started
    // 1/rate apart. (autocannon's overallRate over N connections starts them together: bursts of N every N/rate s.)
    const gap = 1000 / rate;
    const parts = await Promise.all(
      Array.from({ length: connections }, (_, i) => run({ connections: 1, overallRate: rate / connections, duration: seconds - (i * gap) / 1000 }, i * gap)),
    );
    result = { errors: parts.reduce((a, r) => a + r.errors, 0), timeouts: parts.reduce((a, r) => a + r.timeouts, 0) };
  } else {
    result = await run({ connections, duration: seconds });
  }
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const cpu1 = server.cpuMs();
  const busy1 = machineBusyMs();
  const self1 = process.cpuUsage(self0);
  let pgCpu = 0;
  if (pg) {
    const after = sample ? await backendPids(pg, db) : [];
    for (const p of new Set([...pids, ...after])) {
      const now = readCpuMs(p);
      if (now !== null) pgCpu += now - (pgCpu0.get(p) ?? 0);
    }
  }
  if (pg) await quiesce(pg, db);
  // Read after quiesce: the last statements' workers have exited and been reaped by then.
  const workerCpu = postmaster ? Math.max(0, (readReapedChildrenCpuMs(postmaster) ?? 0) - (reaped0 ?? 0)) : 0;
  pgCpu += workerCpu;
  times.sort((a, b) => a - b);
  const n = times.length;
  // CPU used by everything else on the machine (other sessions' tests, …), in cores: the noise of this round.
  const harnessMs = (self1.user + self1.system) / 1000;
  const otherCores = pg ? Math.max(0, busy1 - busy0 - (cpu1 - cpu0) - pgCpu - harnessMs) / 1000 / elapsed : null;
  return {
    requests: n,
    rps: n / elapsed,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[n - 1] ?? null,
    errors: result.errors + result.timeouts + non2xx + gqlErrors,
    firstError,
    rssMb: rssPeak || server.rssMb(),
    cpuMsPerReq: n ? (cpu1 - cpu0) / n : null,
    pgCpuMsPerReq: n && pg ? pgCpu / n : null,
    pgWorkerCpuMsPerReq: n && pg ? workerCpu / n : null,
    harnessCores: harnessMs / 1000 / elapsed,
    otherCores,
  };
}

/**
 * Waits until no statement is running on `db` except the harness's own: requests the load generator gave up on
 * at the end of a burst are still executing in PostgreSQL and must not slow the next burst down.
 */
async function quiesce(pg, db, maxMs = 60000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const {
      rows: [r],
    } = await pg.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [db]);
    if (r.n === 0 || Date.now() > until) return r.n;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** The median of each figure over rounds. */
function medianOf(rounds) {
  const keys = ['rps', 'p50', 'p95', 'p99', 'max', 'rssMb', 'cpuMsPerReq', 'pgCpuMsPerReq', 'pgWorkerCpuMsPerReq', 'harnessCores', 'otherCores'];
  const out = { rounds: rounds.length, errors: rounds.reduce((s, r) => s + r.errors, 0), requests: rounds.reduce((s, r) => s + r.requests, 0) };
  for (const k of keys) out[k] = median(rounds.map((r) => r[k]));
  out.firstError = rounds.find((r) => r.firstError)?.firstError ?? null;
  out.all = rounds.map((r) => ({ rps: r.rps, p95: r.p95, errors: r.errors, otherCores: r.otherCores }));
  return out;
}

module.exports = { burst, medianOf, median, percentile, quiesce };
