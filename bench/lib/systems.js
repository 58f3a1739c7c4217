'use strict';
// Starting, probing and stopping the three servers (product, peer, limit) as child processes, and reading
// their statement counters, memory and CPU time from outside.
const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { ROOT } = require('./database');

const COUNT_HOOK = path.join(__dirname, 'count-statements.js');
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s.

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Server {
  constructor(name, child, port, logFile) {
    this.name = name;
    this.child = child;
    this.port = port;
    this.logFile = logFile;
    this.exited = null;
    this.pending = new Map();
    this.nextId = 1;
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code ?? signal})`));
      this.pending.clear();
    });
    child.on('message', (msg) => {
      if (msg && (msg.type === 'statements' || msg.type === 'profile') && this.pending.has(msg.id)) {
        this.pending.get(msg.id).resolve(msg);
        this.pending.delete(msg.id);
      }
    });
  }

  get pid() {
    return this.child.pid;
  }

  url(p = '/graphql') {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** Driver-level statement count (and the product's own CountingLogger count); reset/record as asked. */
  statements({ reset = false, record, capture } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'statements', id, reset, record, capture });
    });
  }

  /** Starts ('start') or stops and writes to `file` ('stop') a CPU profile inside the server. */
  profile(action, file, kind = 'cpu') {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ type: 'profile', id, action, file, kind });
    });
  }

  /** Resident memory now, in MB. */
  rssMb() {
    return readRssMb(this.pid);
  }

  cpuMs() {
    return readCpuMs(this.pid);
  }

  tail(lines = 30) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async stop({ graceful = true } = {}) {
    if (this.exited) return;
    const done = new Promise((r) => this.child.once('exit', r));
    // Disconnecting makes the count hook exit(0), which also lets --cpu-prof write its profile.
    if (graceful && this.child.connected) this.child.disconnect();
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15000);
    await done;
    clearTimeout(timer);
  }
}

function readRssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU time of a process, in ms (null when it is gone). */
function readCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

/** CPU time of a process's exited and reaped children (cutime + cstime), in ms (null when it is gone). */
function readReapedChildrenCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

async function waitHttp(server, probe, timeoutMs = 60000) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeoutMs) {
    if (server.exited) throw new Error(`${server.name} exited during start-up (${JSON.stringify(server.exited)}):\n${server.tail()}`);
    try {
      if (await probe()) return Date.now() - start;
    } catch (err) {}
    await sleep(100);
  }
  throw new Error(`${server.name} did not answer within ${timeoutMs} ms (${last?.message ?? 'no answer'}):\n${server.tail()}`);
}

function forkServer(name, script, { env, execArgv = [], logDir, cwd = ROOT }) {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = fork(script, [], {
    cwd,
    env,
    execArgv: ['-r', COUNT_HOOK, ...execArgv],
    stdio: ['ignore', out, out, 'ipc'],
  });
  fs.closeSync(out);
  return child;
}

/** The product: `node dist/src/main.js` on the PostgreSQL server, production settings, the rate limit at its maximum (1,000,000 a minute). */
async function startProduct({ databaseUrl, token, logDir, extraEnv = {}, execArgv = [], dist = null }) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    BOOTSTRAP_ADMIN_TOKEN: token,
    RATE_LIMIT_PER_MINUTE: '1000000',
    SEED_ON_START: 'false',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const child = forkServer('product', path.join(dist ?? path.join(ROOT, 'dist'), 'src/main.js'), { env, execArgv, logDir });
  const server = new Server('product', child, port, path.join(logDir, 'product.log'));
  server.startMs = await waitHttp(server, async () => {
    const res = await fetch(server.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.status === 200;
  });
  return server;
}

/** A peer: PostGraphile (bench package); `name` is 'peer' (asked through its SQL functions) or 'peer-generic'. */
async function startPeer({ databaseUrl, logDir, name = 'peer' }) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), PEER_NAME: name };
  const child = forkServer(name, path.join(__dirname, '..', 'peer.js'), { env, logDir });
  const server = new Server(name, child, port, path.join(logDir, `${name}.log`));
  server.startMs = await waitHttp(server, async () => {
    const res = await fetch(server.url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return res.status === 200;
  });
  return server;
}

/** The limit: bare Fastify + pg routes. */
async function startLimit({ databaseUrl, token, logDir, singleWrite = false }) {
  const port = await freePort();
  const env = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), TOKEN: token };
  if (singleWrite) env.LIMIT_WRITE = 'single';
  const child = forkServer('limit', path.join(__dirname, '..', 'limit.js'), { env, logDir });
  const server = new Server('limit', child, port, path.join(logDir, 'limit.log'));
  server.startMs = await waitHttp(server, async () => {
    const res = await fetch(server.url('/s1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ planCode: '-' }),
    });
    return res.status === 200;
  });
  return server;
}

/**
 * P5: the embedded product (PGlite in DATA_DIR). Starts it once to create and seed the data dir, stops it,
 * then times spawn → first answered query with the data dir present. `command` is argv (node main.js or npm start).
 * With `settleMs`, also waits for /health/ready and reads the idle RSS that long after it; then `whileIdle({ port, pid,
 * rssMb })`, if given, runs on the idle server and its result is returned as `extra`.
 */
async function timeEmbeddedStart({ dataDir, token, logDir, command, label, extraEnv = {}, settleMs = 0, whileIdle = null }) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_TOKEN: token,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const logFile = path.join(logDir, `embedded-${label}.log`);
  const out = fs.openSync(logFile, 'w');
  const t0 = Date.now();
  // Own process group, so `npm start` and the node it starts are stopped together.
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  let firstAnswerMs = null;
  let rss = null;
  let readyMs = null;
  let idleRssMb = null;
  let extra = null;
  try {
    while (Date.now() - t0 < 120000) {
      if (exited) throw new Error(`embedded product exited (${JSON.stringify(exited)}): ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ plans { code } }' }),
        });
        const body = await res.json();
        if (res.status === 200 && body.data && Array.isArray(body.data.plans)) {
          firstAnswerMs = Date.now() - t0;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
    rss = groupRssMb(child.pid);
    if (settleMs > 0 && firstAnswerMs !== null) {
      // Idle: ready (/health/ready answers 200), then nothing asked for settleMs.
      while (Date.now() - t0 < 120000) {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200) break;
        await sleep(50);
      }
      readyMs = Date.now() - t0;
      await sleep(settleMs);
      idleRssMb = groupRssMb(child.pid);
      // Anything more the caller measures on the idle server (embedded-memory.js --load), before it is stopped.
      if (whileIdle) extra = await whileIdle({ port, pid: child.pid, rssMb: () => groupRssMb(child.pid) });
    }
  } finally {
    if (!exited) {
      const done = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15000);
      await done;
      clearTimeout(timer);
      await sleep(300);
    }
  }
  return { firstAnswerMs, rssMb: rss, readyMs, idleRssMb, extra };
}

/** RSS of the node process serving (for `npm start`, the node child of npm). */
function groupRssMb(pid) {
  // The largest RSS among the process and its descendants (the server is the big one).
  const all = [pid];
  try {
    for (const dir of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(dir)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${dir}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pid || Number(fields[1]) === pid) all.push(Number(dir)); // ppid or pgid
      } catch {
        // raced with an exit
      }
    }
  } catch {
    // no /proc
  }
  return Math.max(...all.map((p) => readRssMb(p) ?? 0));
}

module.exports = { startProduct, startPeer, startLimit, timeEmbeddedStart, readCpuMs, readReapedChildrenCpuMs, readRssMb, sleep, freePort };
