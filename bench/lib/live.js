'use strict';
// Live updates (issue 15, part 7): fan-out latency with many open subscriptions, and write throughput with the
// NOTIFY each change sends against the same writes without it. Needs only the product's node_modules (graphql-ws, ws).
//   F1  N subscriptions (one graphql-ws connection each) to taskChanged of one plan; U updates one after another;
//       every subscriber must receive every update. Latency per delivery, from the write's request being sent (an upper
//       bound of "from commit": the commit happens before the reply) and from its reply (a lower bound).
//   F2  W writers, each recordTaskUpdate on its own task with the version it got back, for D seconds: writes/s of an
//       instance with LIVE_UPDATES=false, with LIVE_UPDATES=true and nobody subscribed, and with N subscribers connected
//       (each write is then read once and sent N times). Rounds alternate the instances; the median round counts.
const db = require('./database');
const systems = require('./systems');
const { TOKEN, log, stamp, onInterrupt } = require('./common');

const ROOT = db.ROOT;
const { createClient } = require(require.resolve('graphql-ws', { paths: [ROOT] }));
const WebSocket = require(require.resolve('ws', { paths: [ROOT] }));

const PLAN = 'live-bench';
const RECORD = 'mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { version } }';
const SUBSCRIBE = 'subscription($p: String!) { taskChanged(planCode: $p) { task { id version progress } update { version } } }';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const gid = (key) => Buffer.from(`Task:${key}`, 'utf8').toString('base64url');
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 1) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));

async function post(server, body) {
  const res = await fetch(server.url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return res.json();
}

/** The plan the bench writes to: `tasks` tasks, led by JS, at version 1. */
async function makePlan(url, tasks) {
  return db.withClient(url, async (c) => {
    const {
      rows: [plan],
    } = await c.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, '直播基准', 2024, 2026) RETURNING id`, [PLAN]);
    const { rows } = await c.query(
      `INSERT INTO task (plan_id, code, title, search_text) SELECT $1, 'LB-' || lpad(i::text, 5, '0'), '任务' || i, '任务' || i || chr(10) FROM generate_series(1, $2) i RETURNING id`,
      [plan.id, tasks],
    );
    await c.query(`INSERT INTO task_lead_region (task_id, region_code) SELECT unnest($1::int[]), 'JS'`, [rows.map((r) => r.id)]);
    return rows.map((r) => r.id);
  });
}

/** N graphql-ws connections, one taskChanged subscription each; `arrivals` collects [subscriber, version, ms]. */
async function openSubscribers(server, n, arrivals) {
  const clients = [];
  const dropped = { n: 0 };
  let closing = false;
  for (let i = 0; i < n; i++) {
    const client = createClient({
      url: server.url().replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TOKEN}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      // Closed by the server while the bench still listened: dropped for falling behind (or a failure).
      on: { closed: () => (closing ? undefined : dropped.n++) },
    });
    client.subscribe(
      { query: SUBSCRIBE, variables: { p: PLAN } },
      {
        next: (v) => arrivals.push([i, v.data?.taskChanged?.update?.version ?? -1, performance.now(), v.data?.taskChanged?.task?.id]),
        error: (e) => arrivals.push([i, 'error', performance.now(), JSON.stringify(e).slice(0, 200)]),
        complete: () => undefined,
      },
    );
    clients.push(client);
    if (i % 100 === 99) await sleep(20); // let the server take the connections in
  }
  return {
    dropped,
    close: () => {
      closing = true;
      return Promise.all(clients.map((c) => c.dispose()));
    },
  };
}

/** F1: U updates of one task, one after another; every subscriber must see each. */
async function fanOut(server, taskKey, n, updates, failures) {
  const arrivals = [];
  const subs = await openSubscribers(server, n, arrivals);
  try {
    // Warm-up write until every subscriber has seen one: then all are subscribed.
    let version = 1;
    const write = async () => {
      const sent = performance.now();
      const res = await post(server, {
        query: RECORD,
        variables: { input: { taskId: gid(taskKey), expectedVersion: version, progress: (version * 7) % 100 } },
      });
      const acked = performance.now();
      if (!res.data) throw new Error(`write failed: ${JSON.stringify(res.errors)}`);
      version = res.data.recordTaskUpdate.version;
      return { version, sent, acked };
    };
    // Warm-up writes until every subscriber has received one: then all are subscribed.
    const until = Date.now() + 60000;
    const heard = () => new Set(arrivals.filter((a) => a[1] !== 'error').map((a) => a[0])).size;
    while (heard() < n && Date.now() < until) {
      await write();
      await sleep(500);
    }
    if (heard() < n) failures.push(`F1: only ${heard()} of ${n} subscribers received a warm-up update within 60 s`);
    const writes = [];
    // CPU time of the server and of this process (the clients) over the timed updates, per update.
    const cpu = { server: systems.readCpuMs(server.pid), clients: process.cpuUsage() };
    for (let u = 0; u < updates; u++) {
      writes.push(await write());
      await sleep(150);
    }
    await sleep(1000);
    const clientsUs = process.cpuUsage(cpu.clients);
    const serverCpuMsPerUpdate = (systems.readCpuMs(server.pid) - cpu.server) / updates;
    const clientCpuMsPerUpdate = (clientsUs.user + clientsUs.system) / 1000 / updates;
    const fromSend = [];
    const fromAck = [];
    let missing = 0;
    for (const w of writes) {
      const got = arrivals.filter((a) => a[1] === w.version);
      const who = new Set(got.map((a) => a[0]));
      missing += n - who.size;
      for (const a of got) {
        fromSend.push(a[2] - w.sent);
        fromAck.push(a[2] - w.acked);
      }
    }
    const errors = arrivals.filter((a) => a[1] === 'error');
    if (missing) failures.push(`F1: ${missing} of ${n * updates} deliveries missing`);
    if (errors.length) failures.push(`F1: ${errors.length} subscriptions failed: ${errors[0][3]}`);
    fromSend.sort((a, b) => a - b);
    fromAck.sort((a, b) => a - b);
    return {
      subscribers: n,
      updates,
      deliveries: fromSend.length,
      missing,
      serverCpuMsPerUpdate,
      clientCpuMsPerUpdate,
      fromSend: { p50: pct(fromSend, 50), p95: pct(fromSend, 95), max: fromSend[fromSend.length - 1] ?? null },
      fromAck: { p50: pct(fromAck, 50), p95: pct(fromAck, 95), max: fromAck[fromAck.length - 1] ?? null },
    };
  } finally {
    await subs.close();
  }
}

/** W writers for `seconds`, each on its own task; returns acknowledged writes per second. */
async function writeLoad(server, keys, seconds, failures, label) {
  const versions = new Map();
  const rows = await db.withClient(server.dbUrl, (c) => c.query('SELECT id, version FROM task WHERE id = ANY($1::int[])', [keys]));
  for (const r of rows.rows) versions.set(r.id, r.version);
  const cpuBefore = systems.readCpuMs(server.pid);
  const stopAt = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  let firstError = null;
  await Promise.all(
    keys.map(async (key) => {
      while (performance.now() < stopAt) {
        const v = versions.get(key);
        const res = await post(server, { query: RECORD, variables: { input: { taskId: gid(key), expectedVersion: v, progress: (v * 7) % 100 } } }).catch(
          (e) => ({ errors: [{ message: e.message }] }),
        );
        if (res.data) {
          versions.set(key, res.data.recordTaskUpdate.version);
          ok++;
        } else {
          failed++;
          firstError ??= JSON.stringify(res.errors).slice(0, 200);
          const [row] = (await db.withClient(server.dbUrl, (c) => c.query('SELECT version FROM task WHERE id = $1', [key]))).rows;
          versions.set(key, row.version);
        }
      }
    }),
  );
  if (failed) failures.push(`F2 ${label}: ${failed} writes failed: ${firstError}`);
  // The server's CPU per acknowledged write: steadier than writes/s on a machine shared with other work.
  return { perSecond: ok / seconds, cpuMsPerWrite: ok ? (systems.readCpuMs(server.pid) - cpuBefore) / ok : null };
}

async function runLive(opts) {
  const failures = [];
  const baseUrl = opts.baseUrl;
  const name = `apt_bench_live_${process.pid}`;
  const url = db.databaseUrl(baseUrl, name);
  const drop = onInterrupt(async () => {
    if (!opts.keepDb)
      await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
  });
  const servers = [];
  const stopServers = onInterrupt(async () => {
    for (const s of servers) await s.stop();
  });
  try {
    log(`${stamp()} live: database ${name}`);
    await db.recreateDatabase(baseUrl, name);
    await db.migrate(url);
    const keys = await makePlan(url, opts.writers + 1);
    const start = async (env) => {
      const s = await systems.startProduct({
        databaseUrl: url,
        token: TOKEN,
        logDir: opts.logDir,
        extraEnv: { LIVE_MAX_CONNECTIONS_PER_KEY: String(opts.subscribers + 10), LOG_LEVEL: 'error', ...env },
      });
      s.dbUrl = url;
      servers.push(s);
      return s;
    };
    // Two instances on the same database: one sends notices, one does not (LIVE_UPDATES=false).
    const live = await start({});
    const quiet = await start({ LIVE_UPDATES: 'false' });

    log(`${stamp()} F1: ${opts.subscribers} subscriptions, ${opts.updates} updates`);
    const f1 = await fanOut(live, keys[0], opts.subscribers, opts.updates, failures);
    log(`  ${f1.deliveries} deliveries, ${f1.missing} missing`);
    log(
      `  ms from the write's request: p50 ${fmt(f1.fromSend.p50)}  p95 ${fmt(f1.fromSend.p95)}  max ${fmt(f1.fromSend.max)}   (upper bound of from-commit; target p95 ≤ 100)`,
    );
    log(`  ms from the write's reply:   p50 ${fmt(f1.fromAck.p50)}  p95 ${fmt(f1.fromAck.p95)}  max ${fmt(f1.fromAck.max)}`);
    log(
      `  CPU per update (the write and its ${opts.subscribers} deliveries): server ${fmt(f1.serverCpuMsPerUpdate)} ms, the ${opts.subscribers} clients in this process ${fmt(f1.clientCpuMsPerUpdate)} ms`,
    );

    const writers = keys.slice(1);
    log(`${stamp()} F2: ${writers.length} writers, ${opts.seconds} s per measurement, ${opts.rounds} round(s)`);
    const rounds = { off: [], on: [], fanout: [] };
    for (let r = 0; r < opts.rounds; r++) {
      // Alternate which goes first, so drift (the shared machine, autovacuum) does not favour one.
      const order = r % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      for (const which of order) rounds[which].push(await writeLoad(which === 'off' ? quiet : live, writers, opts.seconds, failures, which));
      const arrivals = [];
      const subs = await openSubscribers(live, opts.subscribers, arrivals);
      await sleep(Math.min(5000, 500 + opts.subscribers * 2));
      rounds.fanout.push(await writeLoad(live, writers, opts.seconds, failures, 'fanout'));
      const droppedSubscribers = subs.dropped.n;
      await subs.close();
      const line = (x) => `${fmt(x.perSecond, 0)}/s (${fmt(x.cpuMsPerWrite, 2)} ms server CPU a write)`;
      log(
        `  round ${r + 1}: LIVE_UPDATES=false ${line(rounds.off[r])}, true ${line(rounds.on[r])}, true with ${opts.subscribers} subscribers ${line(rounds.fanout[r])}, ${arrivals.length} deliveries, ${droppedSubscribers} subscribers dropped for falling behind`,
      );
    }
    const med = (k) => ({ perSecond: median(rounds[k].map((x) => x.perSecond)), cpuMsPerWrite: median(rounds[k].map((x) => x.cpuMsPerWrite)) });
    const f2 = { off: med('off'), on: med('on'), fanout: med('fanout') };
    log(
      `  median writes/s: without notices ${fmt(f2.off.perSecond, 0)}, with ${fmt(f2.on.perSecond, 0)} (ratio ${fmt(f2.on.perSecond / f2.off.perSecond, 2)}; target ≥ 0.80),`,
    );
    log(`    with notices and ${opts.subscribers} subscribers ${fmt(f2.fanout.perSecond, 0)} (ratio ${fmt(f2.fanout.perSecond / f2.off.perSecond, 2)})`);
    log(
      `  median server CPU a write: ${fmt(f2.off.cpuMsPerWrite, 2)} ms without notices, ${fmt(f2.on.cpuMsPerWrite, 2)} ms with, ${fmt(f2.fanout.cpuMsPerWrite, 2)} ms with ${opts.subscribers} subscribers`,
    );
    return { failures, f1, f2, rounds };
  } finally {
    await stopServers();
    await drop();
  }
}

module.exports = { runLive };
