'use strict';
// Every system's answers to S1–S3 checked against the model's, and S2 fitted to what the product's cost limit allows.
const sc = require('./scenarios');
const { post } = require('./http');
const { TOKEN, log } = require('./common');

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
      log(
        `  ${scenario} ${name.padEnd(7)} ${diff ? `WRONG: ${diff}` : `ok (${want.length ?? want.totalCount} ${scenario === 'S1' ? 'areas' : 'matching tasks'})`}`,
      );
    }
  }
  return out;
}

module.exports = { fitS2, checkAnswers };
