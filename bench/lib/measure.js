'use strict';
// One size of the full run: load the data, check answers, count statements, then throughput and latency of every
// scenario (systems alternating), latency of every query shape at a fixed rate, EXPLAIN and CPU profiles.
const path = require('node:path');
const { Client } = require('pg');
const { buildModel } = require('./model');
const sc = require('./scenarios');
const { shapes, shapeRequest } = require('./shapes');
const { post, countStatements } = require('./http');
const { prepareDatabase, dropLater, startAll } = require('./setup');
const { fitS2, checkAnswers } = require('./answers');
const { versionsOf, lostWrites, settle, historyGap, writePool, mixRequest } = require('./writes');
const { TOKEN, log, stamp } = require('./common');

async function measureScenario({ label, systemsToRun, makeRequests, connections, opts, running, pg, dbName, beforeRound, afterRound }) {
  const { burst, medianOf } = require('./load');
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
    log(
      `  ${label} ${s.padEnd(7)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1)} p95 ${m.p95.toFixed(1)} p99 ${m.p99.toFixed(1)} ms  RSS ${m.rssMb.toFixed(0)} MB  other load ${m.otherCores?.toFixed(2)} cores  errors ${m.errors}${m.firstError ? ` (${m.firstError.slice(0, 160)})` : ''}`,
    );
  }
  return out;
}

async function runSize(size, opts, baseUrl, logDir, largest) {
  log(`\n${stamp()} ==== ${size.toLocaleString('en')} tasks ====`);
  const model = buildModel(size);
  const dbName = `apt_bench_${size}`;
  const drop = dropLater(baseUrl, dbName, opts.keepDb);
  const prep = await prepareDatabase(baseUrl, dbName, model, true, opts.extraSql, opts.reuseDb);
  log(`${stamp()} database ${dbName}: ${JSON.stringify(prep.counts)} (migrations ${prep.migrateMs} ms, load ${prep.loadMs} ms)`);
  const result = { size, counts: prep.counts, loadMs: prep.loadMs, migrateMs: prep.migrateMs, plans: model.plans.length };
  const running = await startAll(prep.url, opts, logDir, { peer: opts.peer });
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
        result.statements.S4[name] = await countStatements(
          running[name],
          async () => {
            const res = await post(running[name], req, sc.writeBody(name, caps, checkId, version));
            const r = sc.writeResult(res.text);
            if (r.version !== version + 1) throw new Error(`${name} write answered ${res.text.slice(0, 300)}`);
            version = r.version;
          },
          5,
        );
      }
    }
    for (const [scenario, bySystem] of Object.entries(result.statements)) {
      log(
        `  statements/request ${scenario}: ${Object.entries(bySystem)
          .map(([k, v]) => `${k} ${v.perRequest}`)
          .join(', ')}`,
      );
    }

    // Throughput and latency, alternating systems.
    const readable = (scenario) => names.filter((n) => !result.answers[scenario]?.[n]);
    result.load = {};
    const wanted = (scenario) => !opts.only || opts.only.includes(scenario);
    for (const scenario of ['S1', 'S2', 'S3'].filter(wanted)) {
      log(`${stamp()} ${scenario}: ${opts.connections} connections, ${opts.warmup} s warm-up, ${opts.rounds} × ${opts.duration} s`);
      result.load[scenario] = await measureScenario({
        label: scenario,
        systemsToRun: readable(scenario),
        connections: opts.connections,
        opts,
        running,
        pg,
        dbName,
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
      if (wanted('S4'))
        result.load.S4 = await measureScenario({
          label: 'S4',
          systemsToRun: names,
          connections: opts.writers,
          opts,
          running,
          pg,
          dbName,
          ...writeRound(false),
          makeRequests: (s, ctx) => [ctx.pool.request],
        });
      if (wanted('S5')) log(`${stamp()} S5: ${opts.connections} connections, 90% S1/S2 reads, 10% S4 writes`);
      if (wanted('S5'))
        result.load.S5 = await measureScenario({
          label: 'S5',
          systemsToRun: names,
          connections: opts.connections,
          opts,
          running,
          pg,
          dbName,
          ...writeRound(true),
          makeRequests: (s, ctx) => [mixRequest(s, caps, ctx.pool)],
        });
      for (const k of ['S4', 'S5'].filter(wanted)) {
        for (const [s, m] of Object.entries(result.load[k])) {
          const w = m.writes;
          log(
            `  ${k} ${s.padEnd(7)} writes ok ${w.map((x) => x.ok).join('/')}, conflicts ${w.map((x) => x.conflicts).join('/')}, failed ${w.map((x) => x.failed).join('/')}${w.find((x) => x.firstFailure) ? ` (${w.find((x) => x.firstFailure).firstFailure})` : ''}, lost ${w.map((x) => x.missing).join('/')}, history mismatches ${w.map((x) => x.mismatched).join('/')}`,
          );
        }
      }
    }

    // P3: latency at a moderate fixed rate.
    const { burst } = require('./load');
    result.fixedRate = {};
    for (const scenario of ['S1', 'S3'].filter(wanted)) {
      result.fixedRate[scenario] = {};
      for (const s of readable(scenario)) {
        const rate = scenario === 'S3' ? opts.searchRate : opts.rate;
        const res = await burst({
          server: running[s],
          requests: [sc.request(s, scenario, caps, TOKEN)],
          connections: 10,
          seconds: opts.duration + 1,
          rate,
          pg,
          db: dbName,
        });
        result.fixedRate[scenario][s] = { ...res, rate };
        log(
          `  ${scenario} at ${rate} req/s ${s.padEnd(7)} p50 ${res.p50.toFixed(1)} p95 ${res.p95.toFixed(1)} p99 ${res.p99.toFixed(1)} ms (${res.rps.toFixed(0)} req/s)`,
        );
      }
    }

    // Each query shape of issue "No cliffs" (A–F, per-plan ones for plans of 100, 2,000 and 100,000 tasks) at a
    // moderate fixed rate, at the largest size only: latency, PostgreSQL time and statements per request.
    if (largest && wanted('shapes')) {
      result.shapes = {};
      for (const shape of shapes(model).filter((x) => !opts.shapeIds || opts.shapeIds.includes(x.id))) {
        const req = shapeRequest(shape, TOKEN);
        const err = (await post(running.product, req)).json?.errors?.[0];
        if (err) {
          result.shapes[shape.id] = { what: shape.what, budget: shape.budget, refused: err.extensions?.code ?? err.message };
          log(`  ${shape.id} refused: ${err.message}`);
          continue;
        }
        const s = await countStatements(running.product, () => post(running.product, req), 3);
        const res = await burst({ server: running.product, requests: [req], connections: 10, seconds: opts.duration, rate: opts.shapeRate, pg, db: dbName });
        result.shapes[shape.id] = { what: shape.what, budget: shape.budget, statements: s.perRequest, rate: opts.shapeRate, ...res };
        log(
          `  ${shape.id.padEnd(10)} at ${opts.shapeRate} req/s p50 ${res.p50.toFixed(1)} p95 ${res.p95.toFixed(1)} ms, PG ${res.pgCpuMsPerReq?.toFixed(2)} ms/req, ${s.perRequest} statements (budget ${shape.budget})`,
        );
      }
    }

    if (largest) {
      result.explain = await require('./explain').explainAll(pg, result.statements);
      log(`${stamp()} EXPLAIN of ${result.explain.plans.length} statements`);
      if (opts.profile) {
        // CPU profiles of the running product under S1 and S2 load (start-up excluded).
        const { burst: b } = require('./load');
        result.profiles = {};
        for (const scenario of ['S1', 'S2'].filter(wanted)) {
          const file = path.join(logDir, `product-${scenario}.cpuprofile`);
          await running.product.profile('start');
          const res = await b({
            server: running.product,
            requests: [sc.request('product', scenario, caps, TOKEN)],
            connections: opts.connections,
            seconds: opts.duration + 2,
            pg,
            db: dbName,
          });
          await running.product.profile('stop', file);
          result.profiles[scenario] = { ...require('./profile').summarize(file), requests: res.requests, cpuMsPerReq: res.cpuMsPerReq, file };
          log(`${stamp()} profile ${scenario}: ${file}`);
        }
      }
    }
  } finally {
    await pg.end();
    await running.stop();
    await drop();
  }
  return result;
}

module.exports = { runSize };
