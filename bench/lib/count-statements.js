'use strict';
// Preloaded (`node -r`) into every server the harness starts. It wraps pg's Client#query so every SQL
// statement a server sends is counted at the driver, whatever library built it (TypeORM, PostGraphile,
// the bare route), and answers the harness over the IPC channel. Node built-ins only: the smoke run
// must work with nothing but the product's node_modules.
const path = require('node:path');

const script = process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : process.cwd();
// The same `pg` the server itself will load (the product's, or the bench package's).
const pg = require(require.resolve('pg', { paths: [script] }));

const state = { statements: 0, loggerBase: 0, recording: false, texts: new Map(), capture: null };
const CAPTURE_MAX = 40;

const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  state.statements += 1;
  if (state.recording) {
    const text = typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : '<submittable>';
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
    state.texts.set(key, (state.texts.get(key) || 0) + 1);
    if (state.capture && state.capture.length < CAPTURE_MAX) {
      const values = Array.isArray(rest[0]) ? rest[0] : config && Array.isArray(config.values) ? config.values : [];
      state.capture.push({ text, values });
    }
  }
  return original.call(this, config, ...rest);
};

// The product's own counter, when this is the product: a cross-check of the driver-level count.
let countingLogger = null;
function productCounter() {
  if (countingLogger === null) {
    try {
      countingLogger = require(path.join(script, 'database', 'counting.logger.js')).CountingLogger;
    } catch {
      countingLogger = undefined;
    }
  }
  return countingLogger ? countingLogger.statements : null;
}

// CPU profile of a window the harness chooses (start-up excluded), through the inspector of this process.
let session = null;
function profile(msg) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const reply = (extra) => process.send({ type: 'profile', id: msg.id, ...extra });
  if (msg.action === 'start' && msg.kind === 'heap') {
    session = new inspector.Session();
    session.connect();
    session.post(
      'HeapProfiler.startSampling',
      { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true },
      (err) => reply({ ok: !err }),
    );
  } else if (msg.action === 'start') {
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start', (err) => reply({ ok: !err }))),
    );
  } else if (session && msg.kind === 'heap') {
    session.post('HeapProfiler.stopSampling', (err, res) => {
      if (!err) fs.writeFileSync(msg.file, JSON.stringify(res.profile));
      session.disconnect();
      session = null;
      reply({ ok: !err, file: msg.file });
    });
  } else if (session) {
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(msg.file, JSON.stringify(res.profile));
      session.disconnect();
      session = null;
      reply({ ok: !err, file: msg.file });
    });
  } else reply({ ok: false });
}

if (process.send) {
  process.on('message', (msg) => {
    if (msg && msg.type === 'profile') return profile(msg);
    if (!msg || msg.type !== 'statements') return;
    if (msg.reset) {
      state.statements = 0;
      state.loggerBase = productCounter() ?? 0;
      state.texts.clear();
    }
    if (msg.record !== undefined) state.recording = msg.record;
    const captured = state.capture;
    if (msg.capture !== undefined) state.capture = msg.capture ? [] : null;
    process.send({
      type: 'statements',
      id: msg.id,
      statements: state.statements,
      logger: productCounter() === null ? null : productCounter() - state.loggerBase,
      texts: [...state.texts.entries()],
      captured: msg.capture === false ? captured : undefined,
    });
  });
  // The IPC channel must not keep a server alive after the harness has gone.
  process.channel.unref();
  process.on('disconnect', () => process.exit(0));
}
