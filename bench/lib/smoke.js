'use strict';
// --smoke (CI): small data, the product and the bare route (and the tuned peer when the bench package is installed);
// answers, the tuned peer's S1 and S3 answers equal to the product's, statement budgets for S1–S4 and for every
// query shape A–F, and no lost writes. No timing: it must stay fast and deterministic.
const { Client } = require('pg');
const { buildModel } = require('./model');
const sc = require('./scenarios');
const { shapes, shapeRequest } = require('./shapes');
const { post, countStatements } = require('./http');
const { prepareDatabase, dropLater, startAll } = require('./setup');
const { fitS2, checkAnswers } = require('./answers');
const { checkTunedPeer } = require('./peer-check');
const { versionsOf, lostWrites, historyGap } = require('./writes');
const { checkRevalidation } = require('./revalidate');
const { TOKEN, log, stamp } = require('./common');

// Statements per request allowed to the product (driver-level count, the cached auth lookup excluded).
const BUDGETS = { S1: 2, S2: 4, S3: 4, S4: 3 };

async function smoke(opts, baseUrl, logDir) {
  const failures = [];
  const size = opts.sizes[0];
  const model = buildModel(size);
  // Own name per run: smoke runs of other checkouts on the same server must not drop each other's database.
  const dbName = `apt_bench_smoke_${size}_${process.pid}`;
  const drop = dropLater(baseUrl, dbName, opts.keepDb);
  const prep = await prepareDatabase(baseUrl, dbName, model, true);
  log(`${stamp()} database ${dbName}: ${prep.counts.tasks} tasks, ${prep.counts.history} history rows`);
  // The tuned PostGraphile server needs the bench package; without it (CI) its SQL functions are checked through pg.
  let withPeer = opts.peer;
  try {
    require.resolve('postgraphile');
  } catch {
    withPeer = false;
  }
  // Budgets are the SQL a request costs when nothing is kept: the answer cache would answer the repeats with none.
  const smokeOpts = { ...opts, productEnv: { ANSWER_CACHE: 'false', ...opts.productEnv } };
  const running = await startAll(prep.url, smokeOpts, logDir, { peer: withPeer }).catch(async (err) => {
    await drop();
    throw err;
  });
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
    const tuned = await checkTunedPeer(pg, running.product, caps, running.peer ?? null);
    failures.push(...tuned.failures);
    log(
      `  tuned peer S1 (${tuned.areas} areas) and S3 (${tuned.matches} matches): ${tuned.failures.length ? 'DIFFERENT from the product' : 'equal to the product'}, through its SQL functions${running.peer ? ' and through PostGraphile' : ' (PostGraphile not started: --no-peer, or cd bench && npm ci)'}`,
    );
    for (const scenario of ['S1', 'S2', 'S3']) {
      const req = sc.request('product', scenario, caps, TOKEN);
      const s = await countStatements(running.product, () => post(running.product, req), 5);
      rows.push([scenario, s.perRequest, BUDGETS[scenario], s.loggerPerRequest]);
      if (s.perRequest > BUDGETS[scenario])
        failures.push(`${scenario} costs ${s.perRequest} statements per request (budget ${BUDGETS[scenario]}): ${JSON.stringify(s.texts)}`);
    }
    // Whatever the page size: S2 with first 1 and first 100 costs the same.
    const s2 = sc.request('product', 'S2', caps, TOKEN);
    const one = JSON.parse(s2.body);
    one.variables.first = 1;
    const s1page = await countStatements(running.product, () => post(running.product, s2, JSON.stringify(one)), 5);
    rows.push(['S2 first:1', s1page.perRequest, BUDGETS.S2, s1page.loggerPerRequest]);
    if (s1page.perRequest !== rows[1][1])
      failures.push(`S2 statement count depends on the page size: ${s1page.perRequest} for 1 row, ${rows[1][1]} for ${sc.PAGE}`);

    // The query shapes of issue "No cliffs": each within its statement budget (the same for plans of every size),
    // answering what the model says.
    for (const shape of shapes(model)) {
      const req = shapeRequest(shape, TOKEN);
      const res = await post(running.product, req);
      const err = res.json?.errors?.[0];
      if (!res.json?.data || err) {
        failures.push(`${shape.id} (${shape.what}) answered with an error: ${err?.message ?? res.text.slice(0, 200)}`);
        continue;
      }
      const diff = shape.expect ? shape.expect(res.json.data) : null;
      if (diff) failures.push(`${shape.id} (${shape.what}) answered wrongly: ${diff}`);
      const s = await countStatements(running.product, () => post(running.product, req), 3);
      rows.push([shape.id, s.perRequest, shape.budget, s.loggerPerRequest]);
      if (s.perRequest > shape.budget)
        failures.push(
          `${shape.id} (${shape.what}) costs ${s.perRequest} statements per request (budget ${shape.budget}): ${JSON.stringify(s.texts).slice(0, 600)}`,
        );
    }

    // Cheap polling: S1 over GET carries an ETag, and revalidating it is a 304 for one statement (bench/revalidate.js times it).
    const revalidation = await checkRevalidation(running.product, TOKEN);
    rows.push(['S1 GET 304', revalidation.statementsPer304, 1, null]);
    failures.push(...revalidation.failures);

    if (caps.write) {
      // S4 for a few seconds' worth: every editor on its own task, each write sent with the version it got back.
      const ids = model.tasks.slice(-opts.writers).map((t) => t.id);
      for (const name of ['product', 'limit']) {
        const versions = await versionsOf(pg, ids);
        const gap = await historyGap(pg, ids);
        const acked = [];
        let failed = 0;
        const req = { method: 'POST', path: name === 'limit' ? '/s4' : '/graphql', headers: sc.request(name, 'S1', caps, TOKEN).headers };
        await Promise.all(
          ids.map(async (id) => {
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
          }),
        );
        const lost = await lostWrites(pg, acked, ids, gap);
        log(
          `  S4 ${name.padEnd(7)} ${acked.length} writes acknowledged, ${failed} failed, ${lost.missing} lost, ${lost.mismatched} tasks whose history does not match their version`,
        );
        if (lost.missing || lost.mismatched)
          failures.push(`S4 ${name}: ${lost.missing} acknowledged writes without a history row, ${lost.mismatched} history mismatches`);
      }
      const writeId = model.tasks[model.tasks.length - opts.writers - 1].id;
      let version = (await versionsOf(pg, [writeId])).get(writeId);
      const req = { method: 'POST', path: '/graphql', headers: sc.request('product', 'S1', caps, TOKEN).headers };
      const s = await countStatements(
        running.product,
        async () => {
          const res = await post(running.product, req, sc.writeBody('product', caps, writeId, version));
          version = sc.writeResult(res.text).version ?? version;
        },
        3,
      );
      rows.push(['S4', s.perRequest, BUDGETS.S4, s.loggerPerRequest]);
      if (s.perRequest > BUDGETS.S4) failures.push(`S4 costs ${s.perRequest} statements per request (budget ${BUDGETS.S4}): ${JSON.stringify(s.texts)}`);
    } else {
      log('  S4: the product has no recordTaskUpdate yet; skipped');
    }
  } finally {
    await pg.end();
    await running.stop();
    await drop();
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

module.exports = { smoke };
