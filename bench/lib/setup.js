'use strict';
// Building the product, a loaded database per size (dropped again on interruption unless kept), and the systems.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const db = require('./database');
const systems = require('./systems');
const { TOKEN, log, stamp, onInterrupt } = require('./common');
const { PEERS } = require('./scenarios');

const ROOT = db.ROOT;

function build() {
  log(`${stamp()} npm run build`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

// Marks a database as holding exactly the generated data set (so --reuse-db may skip loading it).
const MODEL_VERSION = 2;
const marker = (size, extraSql) =>
  `apt-bench v${MODEL_VERSION} size=${size} extra=${extraSql ? require('node:crypto').createHash('sha1').update(extraSql).digest('hex').slice(0, 12) : 'none'}`;

async function prepareDatabase(baseUrl, name, model, withPeer, extraSql = null, reuse = false) {
  const url = db.databaseUrl(baseUrl, name);
  const want = marker(model.size, extraSql);
  if (reuse) {
    const have = await db.withClient(db.databaseUrl(baseUrl, 'postgres'), async (c) => {
      const { rows } = await c.query("SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1", [name]);
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
  if (withPeer) await db.withClient(url, (c) => c.query(fs.readFileSync(path.join(__dirname, 'peer-schema.sql'), 'utf8')));
  if (extraSql)
    await db.withClient(url, async (c) => {
      await c.query(extraSql);
      await c.query('VACUUM (ANALYZE)');
    });
  await db.withClient(url, (c) => c.query(`COMMENT ON DATABASE "${name}" IS '${want}'`));
  const counts = await db.tableCounts(url);
  return { url, counts, migrateMs: tm - t, loadMs: Date.now() - tm };
}

/** Drops a bench database; registered for interruption as soon as the database is made. */
function dropLater(baseUrl, name, keep) {
  return onInterrupt(async () => {
    if (keep) return;
    await db.withClient(db.databaseUrl(baseUrl, 'postgres'), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
  });
}

async function startAll(url, opts, logDir, { peer = true, limit = true, peers = PEERS } = {}) {
  const running = {};
  // Registered before the first start, so an interruption while starting stops what did start.
  const stop = onInterrupt(() => stopAll(running));
  running.product = await systems.startProduct({
    databaseUrl: url,
    token: TOKEN,
    logDir,
    extraEnv: { GRAPHQL_INTROSPECTION: 'true', ...opts.productEnv },
    execArgv: opts.productNodeOptions ?? [],
    dist: opts.productDist,
  });
  if (limit) running.limit = await systems.startLimit({ databaseUrl: url, token: TOKEN, logDir, singleWrite: opts.limitSingleWrite });
  // Two PostGraphile processes of the same code: the tuned peer and the generic one, so each has its own RSS and CPU.
  if (peer) for (const name of peers) running[name] = await systems.startPeer({ databaseUrl: url, logDir, name });
  Object.defineProperty(running, 'stop', { value: stop, enumerable: false });
  return running;
}

async function stopAll(running) {
  for (const s of Object.values(running)) await s.stop();
}

module.exports = { build, prepareDatabase, dropLater, startAll, stopAll };
