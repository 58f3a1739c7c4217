'use strict';
// Requests to a running system, and statements per request counted at its driver.

async function post(server, req, body = req.body) {
  const res = await fetch(server.url(req.path), { method: req.method, headers: req.headers, body });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text), text };
  } catch {
    return { status: res.status, json: null, text };
  }
}

// The cached auth lookup, and the answer cache's periodic data-version check (marked by src/common/sql/background.ts):
// neither belongs to the request.
const isAuth = (text) => /api_key/i.test(text) || text.startsWith('/* background */');
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

module.exports = { post, countStatements };
