#!/usr/bin/env node
'use strict';
// Benchmark harness: the product against PostGraphile (the peer) and a bare Fastify route (the limit).
//   node bench/run.js [--smoke] [--sizes 165,10000,100000] [--duration 4] [--rounds 3] ...   (see --help)
// The full run needs the bench package (cd bench && npm ci); --smoke needs only the product's node_modules.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { buildModel } = require('./lib/model');
const db = require('./lib/database');
const systems = require('./lib/systems');
const sc = require('./lib/scenarios');
const report = require('./lib/report');

const ROOT = db.ROOT;
const TOKEN = 'bench-admin-token-000000000000000000000001';
// Statements per request allowed to the product (driver-level count, the cached auth lookup excluded).
const BUDGETS = { S1: 2, S2: 4, S3: 4, S4: 3 };

const HELP = `node bench/run.js [options]
  --smoke                 small data (165 tasks), product + bare route only, correctness and statement budgets; no timing
  --sizes 165,10000       task counts to run (default 165,10000,100000; smoke: 165)
  --duration S            seconds per measured round (default 3)
  --warmup S              seconds of warm-up per system and scenario (default 2)
  --rounds N              measured rounds per system, alternating systems (default 3)
  --connections N         connections for read scenarios and S5 (default 20)
  --writers N             concurrent editors for S4 (default 32)
  --rate N                fixed request rate of S1 for the P3 latency check (default 100 req/s)
  --search-rate N         fixed request rate of S3 for the P3 latency check (default 20 req/s)
  --limit-single-write    the bare route writes in one statement (read, check and write together) instead of the product's two
  --product-node-options "…"  extra node flags for the product (e.g. "--max-semi-space-size=32"), for before/after runs
  --only S1,S2            run only these scenarios (default all)
  --product-env K=V[,K=V]  extra environment for the product (e.g. HEAP_GROWING_PERCENT=0), for before/after runs
  --product-dist DIR      run the product from another build (a patched copy of dist/ beside a node_modules link)
  --extra-sql FILE        SQL to run after loading each database (e.g. a candidate index), for before/after runs
  --no-peer               skip PostGraphile
  --no-profile            skip the CPU profiles of the product (S1, S2 under load) at the largest size
  --no-embedded           skip the embedded (PGlite) start-up check
  --no-build              use dist/ as it is (default: npm run build first)
  --keep-db               keep the apt_bench_* databases
  --reuse-db              reuse a kept database when it holds exactly this data set, untouched by writes (implies --keep-db)
  --out FILE              where to write the report (default BENCHMARKS.md; smoke writes none)
  --from-results FILE     write the report again from a run's results.json (keeps the findings block), measure nothing
Environment: DATABASE_URL (server to create apt_bench_<size> on; default postgresql://postgres@127.0.0.1:5432/postgres)`;

function parseArgs(argv) {
  const o = {
    smoke: false, sizes: null, duration: 3, warmup: 2, rounds: 3, connections: 20, writers: 32, rate: 100,
    peer: true, profile: true, embedded: true, build: true, keepDb: false, out: path.join(ROOT, 'BENCHMARKS.md'),
    productNodeOptions: [], only: null, productDist: null, extraSql: null, searchRate: 20, limitSingleWrite: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--help' || name === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (name === '--smoke') o.smoke = true;
    else if (name === '--sizes') o.sizes = val().split(',').map((s) => Number(s.replace(/_/g, '')));
    else if (name === '--duration') o.duration = Number(val());
    else if (name === '--warmup') o.warmup = Number(val());
    else if (name === '--rounds') o.rounds = Number(val());
    else if (name === '--connections') o.connections = Number(val());
    else if (name === '--writers') o.writers = Number(val());
    else if (name === '--rate') o.rate = Number(val());
    else if (name === '--search-rate') o.searchRate = Number(val());
    else if (name === '--limit-single-write') o.limitSingleWrite = true;
    else if (name === '--no-peer') o.peer = false;
    else if (name === '--product-node-options') o.productNodeOptions = val().split(/\s+/).filter(Boolean);
    else if (name === '--only') o.only = val().split(',');
    else if (name === '--product-dist') o.productDist = path.resolve(val());
    else if (name === '--product-env') o.productEnv = Object.fromEntries(val().split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    else if (name === '--extra-sql') o.extraSql = fs.readFileSync(path.resolve(val()), 'utf8');
    else if (name === '--no-profile') o.profile = false;
    else if (name === '--no-embedded') o.embedded = false;
    else if (name === '--no-build') o.build = false;
    else if (name === '--keep-db') o.keepDb = true;
    else if (name === '--reuse-db') o.reuseDb = o.keepDb = true;
    else if (name === '--out') o.out = path.resolve(val());
    else if (name === '--from-results') o.fromResults = path.resolve(val());
    else throw new Error(`unknown option ${a}\n${HELP}`);
  }
  o.sizes ??= o.smoke ? [165] : [165, 10000, 100000];
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  return o;
}

const log = (...x) => console.log(...x);
const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`;

async function post(server, req, body = req.body) {
  const res = await fetch(server.url(req.path), { method: req.method, headers: req.headers, body });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text), text };
  } catch {
    return { status: res.status, json: null, text };
  }
}

const isAuth = (text) => /api_key/i.test(text);
const isTx = (text) => /^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)\b/i.test(text);

/** Statements per request over `n` sequential requests (after two warm ones); the cached auth lookup is reported apart. */
async function countStatements(server, send, n = 10, capture = false) {
  await send(0);
  await send(1);
  await server.statements({ reset: true, record: true, capture });
  for (let i = 0; i < n; i++) await send(i + 2);
  const s = await server.statements({ record: false, capture: capture ? false : undefined });
  const auth = s.texts.filter(([t]) => isAuth(t)).reduce((sum, [, c]) => sum + c, 0);
  const tx = s.texts.filter(([t]) => isTx(t)).reduce((sum, [, c]) => sum + c, 0);
  return {
    perRequest: (s.statements - auth) / n,
    transactionControl: tx / n,
    authStatements: auth,
    loggerPerRequest: s.logger === null ? null : (s.logger - auth) / n,
    texts: s.texts.filter(([t]) => !isAuth(t)).map(([t, c]) => [t, c / n]),
    captured: (s.captured ?? []).filter((q) => !isAuth(q.text) && !isTx(q.text)),
  };
}

function build() {
  log(`${stamp()} npm run build`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

// Marks a database as holding exactly the generated data set (so --reuse-db may skip loading it).
const MODEL_VERSION = 1;
const marker = (size, extraSql) =>
  `apt-bench v${MODEL_VERSION} size=${size} extra=${extraSql ? require('node:crypto').createHash('sha1').update(extraSql).digest('hex').slice(0, 12) : 'none'}`;

async function prepareDatabase(baseUrl, name, model, withPeer, extraSql = null, reuse = false) {
  const url = db.databaseUrl(baseUrl, name);
  const want = marker(model.size, extraSql);
  if (reuse) {
    const have = await db.withClient(db.databaseUrl(baseUrl, 'postgres'), async (c) => {
      const { rows } = await c.query('SELECT shobj_description(oid, \'pg_database\') AS note FROM pg_database WHERE datname = $1', [name]);
      return rows[0]?.note ?? null;
    });
    if (have === want) {
      log(`${stamp()} reusing ${name} (${want})`);
      return { url, counts: await db.tableCounts(url), migrateMs: 0, loadMs: 0, reused: true };
    }
  }
  const t = Date.now();
  await db.recreateDatabase(baseUrl, name);
  await db.migrate(url);
  const tm = Date.now();
  await db.load(url, model);
  if (withPeer) await db.withClient(url, (c) => c.query(fs.readFileSync(path.join(__dirname, 'lib', 'peer-schema.sql'), 'utf8')));
  if (extraSql) await db.withClient(url, async (c) => {
    await c.query(extraSql);
    await c.query('VACUUM (ANALYZE)');
  });
  await db.withClient(url, (c) => c.query(`COMMENT ON DATABASE "${name}" IS '${want}'`));
  const counts = await db.tableCounts(url);
  return { url, counts, migrateMs: tm - t, loadMs: Date.now() - tm };
}

/**
 * The issue's S2 asks for latest update and indicators on a page of 100. When the product's cost limit refuses
 * that, every system is measured without the refused extras (indicators first, then latest update), and the
 * refusal is reported.
 */
async function fitS2(product, caps) {
  let refused = null;
  const dropped = [];
  for (;;) {
    const res = await post(product, sc.request('product', 'S2', caps, TOKEN));
    const err = res.json?.errors?.[0];
    if (err?.extensions?.code !== 'QUERY_TOO_COMPLEX') break;
    refused ??= err.message;
    const next = ['indicators', 'latestUpdate'].find((f) => caps[f]);
    if (!next) break;
    caps[next] = false;
    dropped.push(next);
  }
  if (refused) {
    caps.s2Refused = { message: refused, dropped };
    log(`  the product refuses the issue's S2 (${refused}); measuring every system without ${dropped.join(' and ') || 'nothing'}`);
  }
}

async function startAll(url, opts, logDir, { peer = true, limit = true } = {}) {
  const running = {};
  running.product = await systems.startProduct({
    databaseUrl: url, token: TOKEN, logDir, extraEnv: { GRAPHQL_INTROSPECTION: 'true', ...opts.productEnv }, execArgv: opts.productNodeOptions ?? [],
    dist: opts.productDist,
  });
  if (limit) running.limit = await systems.startLimit({ databaseUrl: url, token: TOKEN, logDir, singleWrite: opts.limitSingleWrite });
  if (peer) running.peer = await systems.startPeer({ databaseUrl: url, logDir });
  return running;
}

async function stopAll(running) {
  for (const s of Object.values(running)) await s.stop();
}

/** Every system's answer to S1–S3 against the model's. Returns { [scenario]: { [system]: null | difference } }. */
async function checkAnswers(running, caps, model) {
  const out = {};
  for (const scenario of ['S1', 'S2', 'S3']) {
    const want = sc.expected(model, scenario, caps);
    out[scenario] = {};
    for (const [name, server] of Object.entries(running)) {
      const req = sc.request(name, scenario, caps, TOKEN);
      const res = await post(server, req);
      let diff;
      try {
        diff = sc.firstDifference(sc.normalize(name, scenario, caps, res.json), want);
      } catch (err) {
        diff = err.message;
      }
      out[scenario][name] = diff;
      log(`  ${scenario} ${name.padEnd(7)} ${diff ? `WRONG: ${diff}` : `ok (${want.length ?? want.totalCount} ${scenario === 'S1' ? 'areas' : 'matching tasks'})`}`);
    }
  }
  return out;
}

async function versionsOf(pg, ids) {
  const { rows } = await pg.query('SELECT id, version FROM task WHERE id = ANY($1::int[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** Acknowledged writes (task, version) that have no history row, and version bumps without exactly one history row. */
async function lostWrites(pg, acked, ids, before) {
  const { rows: [missing] } = await pg.query(
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
    const { rows: [r] } = await pg.query('SELECT sum(version)::bigint AS v FROM task WHERE id = ANY($1::int[])', [ids]);
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
    headers: { 'content-type': 'application/json', ...(system === 'peer' ? {} : { authorization: `Bearer ${TOKEN}` }) },
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
    method: 'POST', path: r1.path, headers: r1.headers, body: r1.body,
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

async function measureScenario({ label, systemsToRun, makeRequests, connections, opts, running, pg, dbName, beforeRound, afterRound }) {
  const { burst, medianOf } = require('./lib/load');
  const rounds = Object.fromEntries(systemsToRun.map((s) => [s, []]));
  const extra = Object.fromEntries(systemsToRun.map((s) => [s, []]));
  for (const s of systemsToRun) {
    const ctx = beforeRound ? await beforeRound(s) : null;
    await burst({ server: running[s], requests: makeRequests(s, ctx), connections, seconds: opts.warmup, sample: false, pg, db: dbName });
    if (afterRound) await afterRound(s, ctx);
  }
  for (let r = 0; r < opts.rounds; r++) {
    // Rotate the order each round (A B C, B C A, C A B) so no system always runs first or last.
    const order = systemsToRun.map((_, i) => systemsToRun[(i + r) % systemsToRun.length]);
    for (const s of order) {
      const ctx = beforeRound ? await beforeRound(s) : null;
      const res = await burst({ server: running[s], requests: makeRequests(s, ctx), connections, seconds: opts.duration, pg, db: dbName });
      rounds[s].push(res);
      if (afterRound) extra[s].push(await afterRound(s, ctx));
    }
  }
  const out = {};
  for (const s of systemsToRun) {
    out[s] = medianOf(rounds[s]);
    if (afterRound) out[s].writes = extra[s];
    const m = out[s];
    log(`  ${label} ${s.padEnd(7)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1)} p95 ${m.p95.toFixed(1)} p99 ${m.p99.toFixed(1)} ms  RSS ${m.rssMb.toFixed(0)} MB  other load ${m.otherCores?.toFixed(2)} cores  errors ${m.errors}${m.firstError ? ` (${m.firstError.slice(0, 160)})` : ''}`);
  }
  return out;
}

async function runSize(size, opts, baseUrl, logDir, largest) {
  log(`\n${stamp()} ==== ${size.toLocaleString('en')} tasks ====`);
  const model = buildModel(size);
  const dbName = `apt_bench_${size}`;
  const prep = await prepareDatabase(baseUrl, dbName, model, true, opts.extraSql, opts.reuseDb);
  log(`${stamp()} database ${dbName}: ${JSON.stringify(prep.counts)} (migrations ${prep.migrateMs} ms, load ${prep.loadMs} ms)`);
  const result = { size, counts: prep.counts, loadMs: prep.loadMs, migrateMs: prep.migrateMs, plans: model.plans.length };
  let running = await startAll(prep.url, opts, logDir, { peer: opts.peer });
  const pg = new Client({ connectionString: prep.url, application_name: 'apt-bench-harness' });
  // A server restart (another session's) ends this connection: report it instead of crashing on the event.
  pg.on('error', (err) => log(`harness connection lost: ${err.message}`));
  await pg.connect();
  try {
    result.startMs = Object.fromEntries(Object.entries(running).map(([k, s]) => [k, s.startMs]));
    const caps = await sc.detectProduct(running.product, TOKEN);
    await fitS2(running.product, caps);
    result.caps = caps;
    log(`${stamp()} product offers: latestUpdate ${caps.latestUpdate}, indicators ${caps.indicators}, recordTaskUpdate ${!!caps.write}`);
    result.answers = await checkAnswers(running, caps, model);
    const names = Object.keys(running);

    // Statements per request, at the driver, sequential requests.
    result.statements = {};
    for (const scenario of ['S1', 'S2', 'S3']) {
      result.statements[scenario] = {};
      for (const name of names) {
        const req = sc.request(name, scenario, caps, TOKEN);
        result.statements[scenario][name] = await countStatements(running[name], () => post(running[name], req), 10, largest && name !== 'limit');
      }
    }
    // S2 at another page size: the count must not move.
    const small = sc.request('product', 'S2', caps, TOKEN);
    const smallBody = JSON.parse(small.body);
    smallBody.variables.first = 10;
    result.statements.S2first10 = { product: await countStatements(running.product, () => post(running.product, small, JSON.stringify(smallBody))) };

    const writerIds = model.tasks.slice(-Math.max(opts.writers * 2, 64)).map((t) => t.id);
    const doWrites = caps.write && (!opts.only || opts.only.includes('S4') || opts.only.includes('S5'));
    // From here on the data differ from the generated set: a later --reuse-db must reload.
    if (doWrites) await pg.query(`COMMENT ON DATABASE "${dbName}" IS 'apt-bench: written to'`);
    if (doWrites) {
      result.statements.S4 = {};
      const checkId = model.tasks[model.tasks.length - Math.max(opts.writers * 2, 64) - 1].id;
      for (const name of names) {
        let version = (await versionsOf(pg, [checkId])).get(checkId);
        const req = { method: 'POST', path: name === 'limit' ? '/s4' : '/graphql', headers: sc.request(name, 'S1', caps, TOKEN).headers };
        result.statements.S4[name] = await countStatements(running[name], async () => {
          const res = await post(running[name], req, sc.writeBody(name, caps, checkId, version));
          const r = sc.writeResult(res.text);
          if (r.version !== version + 1) throw new Error(`${name} write answered ${res.text.slice(0, 300)}`);
          version = r.version;
        }, 5);
      }
    }
    for (const [scenario, bySystem] of Object.entries(result.statements)) {
      log(`  statements/request ${scenario}: ${Object.entries(bySystem).map(([k, v]) => `${k} ${v.perRequest}`).join(', ')}`);
    }

    // Throughput and latency, alternating systems.
    const readable = (scenario) => names.filter((n) => !result.answers[scenario]?.[n]);
    result.load = {};
    const wanted = (scenario) => !opts.only || opts.only.includes(scenario);
    for (const scenario of ['S1', 'S2', 'S3'].filter(wanted)) {
      log(`${stamp()} ${scenario}: ${opts.connections} connections, ${opts.warmup} s warm-up, ${opts.rounds} × ${opts.duration} s`);
      result.load[scenario] = await measureScenario({
        label: scenario, systemsToRun: readable(scenario), connections: opts.connections, opts, running, pg, dbName,
        makeRequests: (s) => [sc.request(s, scenario, caps, TOKEN)],
      });
    }
    if (caps.write && (wanted('S4') || wanted('S5'))) {
      const writeRound = (mix) => ({
        beforeRound: async (s) => {
          await settle(pg, writerIds);
          const versions = await versionsOf(pg, writerIds);
          return { pool: writePool(s, caps, versions), gap: await historyGap(pg, writerIds), mix };
        },
        afterRound: async (s, ctx) => {
          await settle(pg, writerIds);
          return { ...ctx.pool.stats, ...(await lostWrites(pg, ctx.pool.acked, writerIds, ctx.gap)) };
        },
      });
      if (wanted('S4')) log(`${stamp()} S4: ${opts.writers} concurrent editors on distinct tasks`);
      if (wanted('S4')) result.load.S4 = await measureScenario({
        label: 'S4', systemsToRun: names, connections: opts.writers, opts, running, pg, dbName, ...writeRound(false),
        makeRequests: (s, ctx) => [ctx.pool.request],
      });
      if (wanted('S5')) log(`${stamp()} S5: ${opts.connections} connections, 90% S1/S2 reads, 10% S4 writes`);
      if (wanted('S5')) result.load.S5 = await measureScenario({
        label: 'S5', systemsToRun: names, connections: opts.connections, opts, running, pg, dbName, ...writeRound(true),
        makeRequests: (s, ctx) => [mixRequest(s, caps, ctx.pool)],
      });
      for (const k of ['S4', 'S5'].filter(wanted)) {
        for (const [s, m] of Object.entries(result.load[k])) {
          const w = m.writes;
          log(`  ${k} ${s.padEnd(7)} writes ok ${w.map((x) => x.ok).join('/')}, conflicts ${w.map((x) => x.conflicts).join('/')}, failed ${w.map((x) => x.failed).join('/')}${w.find((x) => x.firstFailure) ? ` (${w.find((x) => x.firstFailure).firstFailure})` : ''}, lost ${w.map((x) => x.missing).join('/')}, history mismatches ${w.map((x) => x.mismatched).join('/')}`);
        }
      }
    }

    // P3: latency at a moderate fixed rate.
    const { burst } = require('./lib/load');
    result.fixedRate = {};
    for (const scenario of ['S1', 'S3'].filter(wanted)) {
      result.fixedRate[scenario] = {};
      for (const s of readable(scenario)) {
        const rate = scenario === 'S3' ? opts.searchRate : opts.rate;
        const res = await burst({ server: running[s], requests: [sc.request(s, scenario, caps, TOKEN)], connections: 10, seconds: opts.duration + 1, rate, pg, db: dbName });
        result.fixedRate[scenario][s] = { ...res, rate };
        log(`  ${scenario} at ${rate} req/s ${s.padEnd(7)} p50 ${res.p50.toFixed(1)} p95 ${res.p95.toFixed(1)} p99 ${res.p99.toFixed(1)} ms (${res.rps.toFixed(0)} req/s)`);
      }
    }

    if (largest) {
      result.explain = await require('./lib/explain').explainAll(pg, result.statements);
      log(`${stamp()} EXPLAIN of ${result.explain.plans.length} statements`);
      if (opts.profile) {
        // CPU profiles of the running product under S1 and S2 load (start-up excluded).
        const { burst: b } = require('./lib/load');
        result.profiles = {};
        for (const scenario of ['S1', 'S2'].filter(wanted)) {
          const file = path.join(logDir, `product-${scenario}.cpuprofile`);
          await running.product.profile('start');
          const res = await b({ server: running.product, requests: [sc.request('product', scenario, caps, TOKEN)], connections: opts.connections, seconds: opts.duration + 2, pg, db: dbName });
          await running.product.profile('stop', file);
          result.profiles[scenario] = { ...require('./lib/profile').summarize(file), requests: res.requests, cpuMsPerReq: res.cpuMsPerReq, file };
          log(`${stamp()} profile ${scenario}: ${file}`);
        }
      }
    }
  } finally {
    await pg.end();
    await stopAll(running);
    running = {};
    if (!opts.keepDb) await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
  }
  return result;
}

async function runEmbedded(logDir) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-pglite-'));
  try {
    log(`\n${stamp()} embedded start-up (PGlite in ${dataDir})`);
    const first = await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: [process.execPath, 'dist/src/main.js'], label: 'create' });
    log(`  new data dir (migrate + seed): first answer after ${first.firstAnswerMs} ms`);
    const again = [];
    for (let i = 0; i < 3; i++) {
      again.push(await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: [process.execPath, 'dist/src/main.js'], label: `again-${i}` }));
      log(`  existing data dir, node dist/src/main.js: first answer after ${again[i].firstAnswerMs} ms (RSS ${again[i].rssMb?.toFixed(0)} MB)`);
    }
    const npmStart = await systems.timeEmbeddedStart({ dataDir, token: TOKEN, logDir, command: ['npm', 'start'], label: 'npm-start' });
    log(`  existing data dir, npm start (tsc, then node): first answer after ${npmStart.firstAnswerMs} ms`);
    return { first, again, npmStart };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function smoke(opts, baseUrl, logDir) {
  const failures = [];
  const size = opts.sizes[0];
  const model = buildModel(size);
  const dbName = `apt_bench_smoke_${size}`;
  const prep = await prepareDatabase(baseUrl, dbName, model, false);
  log(`${stamp()} database ${dbName}: ${prep.counts.tasks} tasks, ${prep.counts.history} history rows`);
  const running = await startAll(prep.url, opts, logDir, { peer: false });
  const pg = new Client({ connectionString: prep.url });
  pg.on('error', (err) => log(`harness connection lost: ${err.message}`));
  await pg.connect();
  const rows = [];
  try {
    const caps = await sc.detectProduct(running.product, TOKEN);
    log(`${stamp()} product offers: latestUpdate ${caps.latestUpdate}, indicators ${caps.indicators}, recordTaskUpdate ${!!caps.write}`);
    await fitS2(running.product, caps);
    if (caps.s2Refused) failures.push(`S2 (a page of ${sc.PAGE} with area, lead regions, latest update and indicators) is refused: ${caps.s2Refused.message}`);
    const answers = await checkAnswers(running, caps, model);
    for (const [scenario, bySystem] of Object.entries(answers)) {
      for (const [name, diff] of Object.entries(bySystem)) if (diff) failures.push(`${scenario} ${name} answered wrongly: ${diff}`);
    }
    for (const scenario of ['S1', 'S2', 'S3']) {
      const req = sc.request('product', scenario, caps, TOKEN);
      const s = await countStatements(running.product, () => post(running.product, req), 5);
      rows.push([scenario, s.perRequest, BUDGETS[scenario], s.loggerPerRequest]);
      if (s.perRequest > BUDGETS[scenario]) failures.push(`${scenario} costs ${s.perRequest} statements per request (budget ${BUDGETS[scenario]}): ${JSON.stringify(s.texts)}`);
    }
    // Whatever the page size: S2 with first 1 and first 100 costs the same.
    const s2 = sc.request('product', 'S2', caps, TOKEN);
    const one = JSON.parse(s2.body);
    one.variables.first = 1;
    const s1page = await countStatements(running.product, () => post(running.product, s2, JSON.stringify(one)), 5);
    rows.push(['S2 first:1', s1page.perRequest, BUDGETS.S2, s1page.loggerPerRequest]);
    if (s1page.perRequest !== rows[1][1]) failures.push(`S2 statement count depends on the page size: ${s1page.perRequest} for 1 row, ${rows[1][1]} for ${sc.PAGE}`);

    if (caps.write) {
      // S4 for a few seconds' worth: every editor on its own task, each write sent with the version it got back.
      const ids = model.tasks.slice(-opts.writers).map((t) => t.id);
      for (const name of ['product', 'limit']) {
        const versions = await versionsOf(pg, ids);
        const gap = await historyGap(pg, ids);
        const acked = [];
        let failed = 0;
        const req = { method: 'POST', path: name === 'limit' ? '/s4' : '/graphql', headers: sc.request(name, 'S1', caps, TOKEN).headers };
        await Promise.all(ids.map(async (id) => {
          let version = versions.get(id);
          for (let i = 0; i < 5; i++) {
            const res = await post(running[name], req, sc.writeBody(name, caps, id, version));
            const r = sc.writeResult(res.text);
            if (r.version !== version + 1) {
              failed += 1;
              failures.push(`S4 ${name} task ${id}: ${res.text.slice(0, 300)}`);
              return;
            }
            version = r.version;
            acked.push([id, version]);
          }
        }));
        const lost = await lostWrites(pg, acked, ids, gap);
        log(`  S4 ${name.padEnd(7)} ${acked.length} writes acknowledged, ${failed} failed, ${lost.missing} lost, ${lost.mismatched} tasks whose history does not match their version`);
        if (lost.missing || lost.mismatched) failures.push(`S4 ${name}: ${lost.missing} acknowledged writes without a history row, ${lost.mismatched} history mismatches`);
      }
      const writeId = model.tasks[model.tasks.length - opts.writers - 1].id;
      let version = (await versionsOf(pg, [writeId])).get(writeId);
      const req = { method: 'POST', path: '/graphql', headers: sc.request('product', 'S1', caps, TOKEN).headers };
      const s = await countStatements(running.product, async () => {
        const res = await post(running.product, req, sc.writeBody('product', caps, writeId, version));
        version = sc.writeResult(res.text).version ?? version;
      }, 3);
      rows.push(['S4', s.perRequest, BUDGETS.S4, s.loggerPerRequest]);
      if (s.perRequest > BUDGETS.S4) failures.push(`S4 costs ${s.perRequest} statements per request (budget ${BUDGETS.S4}): ${JSON.stringify(s.texts)}`);
    } else {
      log('  S4: the product has no recordTaskUpdate yet; skipped');
    }
  } finally {
    await pg.end();
    await stopAll(running);
    if (!opts.keepDb) await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(() => undefined);
  }
  log('\nstatements per request (driver count, cached auth lookup excluded; CountingLogger count beside it)');
  for (const [name, n, budget, logger] of rows) log(`  ${name.padEnd(11)} ${String(n).padStart(5)}${budget ? `  (budget ≤ ${budget})` : ''}  logger ${logger}`);
  if (failures.length) {
    log(`\nSMOKE FAILED:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  log(`\n${stamp()} smoke passed`);
  return 0;
}

/** Writes BENCHMARKS.md; a hand-written block between the findings markers survives regeneration. */
function writeReport(all, out) {
  const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  const kept = /<!-- findings -->[\s\S]*?<!-- \/findings -->/.exec(previous)?.[0] ?? null;
  fs.writeFileSync(out, report.markdown(all, kept));
}

/** When the PostgreSQL server started (waits up to `waitMs` for it to accept connections). */
async function serverStart(baseUrl, waitMs = 0) {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return await db.withClient(db.databaseUrl(baseUrl, 'postgres'), async (c) => (await c.query('SELECT pg_postmaster_start_time()::text AS t')).rows[0].t);
    } catch (err) {
      if (Date.now() > until) return `unreachable: ${err.message}`;
      await systems.sleep(1000);
    }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (opts.fromResults) {
    writeReport(JSON.parse(fs.readFileSync(opts.fromResults, 'utf8')), opts.out);
    log(`wrote ${opts.out}`);
    return 0;
  }
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apt-bench-'));
  log(`${stamp()} logs in ${logDir}`);
  if (opts.build) build();
  if (opts.smoke) return smoke(opts, baseUrl, logDir);
  try {
    require.resolve('autocannon');
    if (opts.peer) require.resolve('postgraphile');
  } catch {
    throw new Error('the full run needs the bench package: (cd bench && npm ci), or run with --smoke');
  }
  const machine = await report.machine(baseUrl);
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const results = [];
  for (const size of sizes) {
    // The PostgreSQL server is shared: when it restarts under a size (another session's doing), wait and redo the size once.
    for (let attempt = 1; ; attempt++) {
      const before = await serverStart(baseUrl);
      try {
        const r = await runSize(size, opts, baseUrl, logDir, size === sizes[sizes.length - 1]);
        if (attempt < 2 && (await serverStart(baseUrl, 120000)) !== before) throw new Error('the server restarted while measuring');
        results.push(r);
        break;
      } catch (err) {
        const after = await serverStart(baseUrl, 120000);
        if (attempt >= 2 || before === after) throw err;
        log(`${stamp()} the PostgreSQL server restarted during this size (${err.message}); running it again`);
      }
    }
  }
  const embedded = opts.embedded ? await runEmbedded(logDir) : null;
  const all = { opts, machine, results, embedded, seconds: (Date.now() - t0) / 1000 };
  fs.writeFileSync(path.join(logDir, 'results.json'), JSON.stringify(all, null, 2));
  writeReport(all, opts.out);
  log(`\n${report.summaryTable(all)}`);
  log(`\n${stamp()} wrote ${opts.out} and ${path.join(logDir, 'results.json')}`);
  const wrong = results.flatMap((r) => Object.entries(r.answers).flatMap(([s, by]) => Object.entries(by).filter(([, d]) => d).map(([n]) => `${r.size} ${s} ${n}`)));
  if (wrong.length) {
    log(`wrong answers: ${wrong.join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
