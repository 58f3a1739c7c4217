// Live updates through the real /graphql WebSocket endpoint with the graphql-ws client (what Apollo Client, urql and
// Relay use): taskChanged and progressChanged, roles, refusals with the protocol's close codes, the per-key cap,
// heartbeats, slow consumers, and NOTIFY's transaction semantics. On PGlite and on a server; cross-instance on a server.
import WebSocket from 'ws';
import { Client } from 'pg';
import { ADMIN_TOKEN, bootTestApp, dbKey, listenForClients, nodeId, TestApp, uniq } from './support/test-app';
import { eventually, Feed, liveClient, LiveTestClient } from './support/live-client';
import { LiveEvents } from '../src/live/live-events.service';
import { LiveConnections } from '../src/live/live-connections';
import { TASK_CHANGED_CHANNEL } from '../src/task-updates/task-change-notice';

const onServer = process.env.TEST_DB_KIND === 'server';
const RECORD = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { id version } }`;
const UPDATE_TASK = `mutation($input: UpdateTaskInput!) { updateTask(input: $input) { id version } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id version } }`;
const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;
const TASK_CHANGED = `subscription($planCode: String!, $areaCode: String) { taskChanged(planCode: $planCode, areaCode: $areaCode) {
  task { id code version status progress area { code } } update { version statusTo progressTo note origin } } }`;
const PROGRESS_CHANGED = `subscription($planCode: String!) { progressChanged(planCode: $planCode) { area { code } taskCount notReported inProgress completed } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Fixture {
  t: TestApp;
  url: string;
  planCode: string;
  planId: number;
}

async function makePlan(t: TestApp): Promise<{ planCode: string; planId: number; areas: { id: number; code: string }[] }> {
  const planCode = `live-${uniq()}`;
  const [{ id: planId }] = await t.ds.query(
    `INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, '直播计划', 2024, 2026) RETURNING id`,
    [planCode],
  );
  const areas: { id: number; code: string }[] = await t.ds.query(
    `INSERT INTO area (plan_id, ordinal, code, name) VALUES ($1, 1, 'LA', '甲'), ($1, 2, 'LB', '乙') RETURNING id, code`,
    [planId],
  );
  return { planCode, planId, areas };
}

async function newTask(t: TestApp, planId: number, areaId: number | null = null): Promise<{ id: string; version: number; code: string }> {
  const code = `L-${uniq()}`;
  const [row] = await t.ds.query(
    `INSERT INTO task (plan_id, area_id, code, title, search_text) VALUES ($1, $2, $3, '直播任务', E'直播任务\\n') RETURNING id, version`,
    [planId, areaId, code],
  );
  await t.ds.query(`INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, 'JS')`, [row.id]);
  return { id: nodeId('Task', row.id), version: row.version, code };
}

const record = (t: TestApp, taskId: string, expectedVersion: number, input: Record<string, unknown> = { progress: 10 }, token = ADMIN_TOKEN) =>
  t.gql(RECORD, { input: { taskId, expectedVersion, ...input } }, token);

/** A raw WebSocket on the subprotocol (for what the graphql-ws client will not do: misbehave). */
function rawSocket(url: string, protocol = 'graphql-transport-ws', opts: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), protocol, opts);
  const messages: any[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: String(reason) })));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed, opened };
}

async function initialised(url: string, token: string, opts: WebSocket.ClientOptions = {}) {
  const raw = rawSocket(url, 'graphql-transport-ws', opts);
  await raw.opened;
  raw.ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await eventually(() => raw.messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
  return raw;
}

describe('live updates (graphql-transport-ws on /graphql)', () => {
  let t: TestApp;
  let url: string;
  let planCode: string;
  let planId: number;
  let areas: { id: number; code: string }[];
  const clients: LiveTestClient[] = [];
  const open = (token: string | null, opts?: { header?: boolean }, where = url) => {
    const c = liveClient(where, token, opts);
    clients.push(c);
    return c;
  };
  const subscriptions = () => t.app.get(LiveEvents).openSubscriptions();

  /** A connected client with one subscription the server has registered. */
  async function subscribed(query: string, variables: Record<string, unknown>, token = ADMIN_TOKEN) {
    const before = subscriptions();
    const c = open(token);
    await c.connected;
    const feed = c.subscribe(query, variables);
    feeds.push(feed);
    await eventually(() => subscriptions() === before + 1 || feed.error !== undefined, 'the subscription to open');
    return { c, feed };
  }
  const feeds: Feed[] = [];
  // Each test starts with no subscription open on the shared app.
  afterEach(async () => {
    for (const feed of feeds.splice(0)) feed.stop();
    await eventually(() => subscriptions() === 0, 'the subscriptions to end');
  });

  beforeAll(async () => {
    t = await bootTestApp();
    url = await listenForClients(t);
    ({ planCode, planId, areas } = await makePlan(t));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('delivers taskChanged after recordTaskUpdate, with the history entry it wrote', async () => {
    const { feed } = await subscribed(TASK_CHANGED, { planCode });
    const task = await newTask(t, planId);
    expect((await record(t, task.id, 1, { status: 'IN_PROGRESS', progress: 30, note: '进展' })).errors).toBeUndefined();
    const event = await feed.nth(1);
    expect(event.errors).toBeUndefined();
    expect(event.data.taskChanged).toMatchObject({
      task: { id: task.id, version: 2, status: 'IN_PROGRESS', progress: 30, area: null },
      update: { version: 2, statusTo: 'IN_PROGRESS', progressTo: 30, note: '进展', origin: 'API' },
    });
    feed.stop();
    await eventually(() => subscriptions() === 0, 'the subscription to end');
  });

  it('reports the open subscriptions on /metrics', async () => {
    const gauge = async () => {
      const res = await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      return Number(/^graphql_open_subscriptions (\d+)$/m.exec(await res.text())?.[1]);
    };
    expect(await gauge()).toBe(0);
    const { feed } = await subscribed(TASK_CHANGED, { planCode });
    expect(await gauge()).toBe(1);
    feed.stop();
    await eventually(() => subscriptions() === 0, 'the subscription to end');
    expect(await gauge()).toBe(0);
  });

  it("takes the key from the upgrade request's Authorization header too", async () => {
    const c = open(ADMIN_TOKEN, { header: true });
    await c.connected;
    const feed = c.subscribe(TASK_CHANGED, { planCode });
    await eventually(() => subscriptions() === 1, 'the subscription');
    const task = await newTask(t, planId);
    await record(t, task.id, 1);
    expect((await feed.nth(1)).data.taskChanged.task.id).toBe(task.id);
    feed.stop();
    await eventually(() => subscriptions() === 0, 'the subscription to end');
  });

  it("delivers only the area's tasks with areaCode, and a task that moves out of the area once more", async () => {
    const [a, b] = areas;
    const { feed: inA } = await subscribed(TASK_CHANGED, { planCode, areaCode: 'la' });
    const { feed: all } = await subscribed(TASK_CHANGED, { planCode });
    const taskA = await newTask(t, planId, a.id);
    const taskB = await newTask(t, planId, b.id);
    await record(t, taskB.id, 1);
    await record(t, taskA.id, 1);
    await all.nth(2);
    expect((await inA.nth(1)).data.taskChanged.task.id).toBe(taskA.id);
    // Moved from A to B by an admin edit: the A subscriber sees it leave, with its new area.
    expect((await t.gql(UPDATE_TASK, { input: { id: taskA.id, expectedVersion: 2, areaCode: b.code } })).errors).toBeUndefined();
    const moved = await inA.nth(2);
    expect(moved.data.taskChanged).toMatchObject({ task: { id: taskA.id, version: 3, area: { code: b.code } }, update: { version: 3, origin: 'ADMIN' } });
    expect((await record(t, taskA.id, 3, { progress: 25 })).errors).toBeUndefined(); // now in B only
    await all.nth(4);
    await sleep(100);
    expect(inA.events).toHaveLength(2);
    inA.stop();
    all.stop();
    await eventually(() => subscriptions() === 0, 'the subscriptions to end');
  });

  it('gives a DASHBOARD key every change but never a note, as a query would', async () => {
    const dashboard = await t.keyFor('DASHBOARD');
    const analyst = await t.keyFor('ANALYST');
    const { feed: d } = await subscribed(TASK_CHANGED, { planCode }, dashboard);
    const { feed: a } = await subscribed(TASK_CHANGED, { planCode }, analyst);
    const task = await newTask(t, planId);
    await record(t, task.id, 1, { progress: 20, note: '内部备注' });
    const seen = await d.nth(1);
    expect(seen.data.taskChanged).toMatchObject({ task: { id: task.id, version: 2 }, update: { version: 2, progressTo: 20, note: null } });
    expect(seen.errors?.map((e) => [e.extensions?.code, (e as { path?: string[] }).path?.join('.')])).toEqual([['FORBIDDEN', 'taskChanged.update.note']]);
    expect(JSON.stringify(seen)).not.toContain('内部备注');
    expect((await a.nth(1)).data.taskChanged.update.note).toBe('内部备注');
    d.stop();
    a.stop();
  });

  it('announces admin edits and each imported row, and a created task with no history entry', async () => {
    const { feed } = await subscribed(TASK_CHANGED, { planCode });
    const created = await t.gql(CREATE_TASK, { input: { planCode, code: `C-${uniq()}`, title: '新建', areaCode: 'LA' } });
    expect(created.errors).toBeUndefined();
    const first = await feed.nth(1);
    expect(first.data.taskChanged).toEqual({
      task: expect.objectContaining({ id: created.data.createTask.id, version: 1, area: { code: 'LA' } }),
      update: null,
    });
    const existing = await newTask(t, planId);
    const csv = `code,title,status,progress,version\nI-${uniq()},导入一,IN_PROGRESS,10,\nI-${uniq()},导入二,,,\n${existing.code},改名,,,1\n`;
    const res = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content: csv, dryRun: false } });
    expect(res.data.importTasks).toMatchObject({ created: 2, updated: 1, errors: [] });
    await feed.nth(4);
    const imported = feed.events.slice(1).map((e) => e.data.taskChanged);
    expect(imported.filter((c) => c.update === null && c.task.version === 1)).toHaveLength(2);
    expect(imported.find((c) => c.task.id === existing.id)).toMatchObject({ task: { version: 2 }, update: { version: 2, origin: 'IMPORT' } });
    feed.stop();
  });

  it('notifies no one of a change that was rolled back: a version conflict, a failed import, a dry run', async () => {
    const { feed } = await subscribed(TASK_CHANGED, { planCode });
    const task = await newTask(t, planId);
    const other = await newTask(t, planId);
    expect((await record(t, task.id, 7)).errors?.[0].extensions.code).toBe('VERSION_CONFLICT');
    // The import writes its first row (and queues its notice), then meets a stale version and rolls everything back.
    const failing = `code,title,version\n${other.code},先写,1\n${task.code},过时,5\n`;
    const res = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content: failing, dryRun: false } });
    expect(res.data.importTasks.errors).toEqual([expect.objectContaining({ column: 'version' })]);
    const dry = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content: `code,title\n${other.code},演练\n`, dryRun: true } });
    expect(dry.data.importTasks).toMatchObject({ updated: 1, errors: [] });
    const [row] = await t.ds.query('SELECT version FROM task WHERE id = $1', [dbKey(other.id)]);
    expect(row.version).toBe(1);
    // The next committed change is the first thing the subscriber hears.
    await record(t, task.id, 1, { progress: 55 });
    const event = await feed.nth(1);
    expect(event.data.taskChanged).toMatchObject({ task: { id: task.id, version: 2 }, update: { progressTo: 55 } });
    await sleep(150);
    expect(feed.events).toHaveLength(1);
    feed.stop();
  });

  it("sends the plan's progress by area after changes, recomputed once for a burst of 200 imported rows", async () => {
    const { feed } = await subscribed(PROGRESS_CHANGED, { planCode });
    const before = t.app.get(LiveEvents).progressRecomputations;
    const rows = Array.from({ length: 200 }, (_, i) => `P-${uniq()}-${i},进度${i},IN_PROGRESS,5,LB`);
    const res = await t.gql(IMPORT, {
      input: { planCode, format: 'CSV', content: `code,title,status,progress,areaCode\n${rows.join('\n')}\n`, dryRun: false },
    });
    expect(res.data.importTasks).toMatchObject({ created: 200, errors: [] });
    const event = await feed.nth(1);
    const expected: { area: string | null; n: number }[] = await t.ds.query(
      `SELECT a.code AS area, count(*)::int AS n FROM task t LEFT JOIN area a ON a.id = t.area_id WHERE t.plan_id = $1 AND t.parent_id IS NULL AND t.archived_at IS NULL GROUP BY a.code`,
      [planId],
    );
    const byArea = Object.fromEntries(event.data.progressChanged.filter((r: any) => r.taskCount > 0).map((r: any) => [r.area?.code ?? null, r.taskCount]));
    expect(byArea).toEqual(Object.fromEntries(expected.map((r) => [r.area, r.n])));
    expect(event.data.progressChanged.find((r: any) => r.area?.code === 'LB').inProgress).toBeGreaterThanOrEqual(200);
    await sleep(400);
    expect(t.app.get(LiveEvents).progressRecomputations - before).toBe(1);
    expect(feed.events).toHaveLength(1);
    feed.stop();
  });

  it('refuses a subscription to an unknown plan or area, and an invalid or oversized document, with coded errors', async () => {
    const c = open(ADMIN_TOKEN);
    await c.connected;
    const codeOf = async (query: string, variables: Record<string, unknown>) => {
      const feed = c.subscribe(query, variables);
      await feed.ended;
      return (feed.error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code;
    };
    expect(await codeOf(TASK_CHANGED, { planCode: 'no-such-plan' })).toBe('NOT_FOUND');
    expect(await codeOf(TASK_CHANGED, { planCode, areaCode: 'ZZ' })).toBe('NOT_FOUND');
    expect(await codeOf('subscription { taskChanged(planCode: "x") { nope } }', {})).toBe('BAD_USER_INPUT');
    const deep = 'task { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }';
    expect(await codeOf(`subscription($p: String!) { taskChanged(planCode: $p) { ${deep} } }`, { p: planCode })).toBe('QUERY_TOO_COMPLEX');
    // The cost counts the variables: 15 pages of 100 history entries are over the limit, of 1 entry are not.
    const pages = Array.from({ length: 15 }, (_, i) => `h${i}: history(first: $n) { edges { node { version statusTo progressTo } } }`).join(' ');
    const costly = `subscription($p: String!, $n: Int!) { taskChanged(planCode: $p) { task { ${pages} } } }`;
    expect(await codeOf(costly, { p: planCode, n: 100 })).toBe('QUERY_TOO_COMPLEX');
    const cheap = c.subscribe(costly, { p: planCode, n: 1 });
    await eventually(() => subscriptions() === 1, 'the cheap subscription');
    cheap.stop();
    await eventually(() => subscriptions() === 0, 'the cheap subscription to end');
    expect(subscriptions()).toBe(0);
  });

  it('closes a connection without a valid key with 4401, and one that subscribes before connection_init', async () => {
    for (const token of [null, 'apt_not-a-key-0000000000000000000000']) {
      const c = open(token);
      expect(await c.closed).toEqual({ code: 4401, reason: expect.stringMatching(/^UNAUTHENTICATED: /) });
    }
    const raw = rawSocket(url);
    await raw.opened;
    raw.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: TASK_CHANGED, variables: { planCode } } }));
    expect((await raw.closed).code).toBe(4401);
    const other = rawSocket(url, 'graphql-ws');
    expect((await other.closed).code).toBe(4406);
  });

  it('refuses a 101st subscription on one connection (RATE_LIMITED), and closes on an operation id already running (4409)', async () => {
    const raw = await initialised(url, ADMIN_TOKEN);
    const start = (id: string) => raw.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: TASK_CHANGED, variables: { planCode } } }));
    for (let i = 0; i < 100; i++) start(`s${i}`);
    await eventually(() => subscriptions() === 100, '100 subscriptions');
    start('s100');
    await eventually(() => raw.messages.some((m) => m.type === 'error' && m.id === 's100'), 'the refusal');
    expect(raw.messages.find((m) => m.id === 's100').payload[0].extensions.code).toBe('RATE_LIMITED');
    // An id is free again once its operation completed.
    raw.ws.send(JSON.stringify({ id: 's5', type: 'complete' }));
    await eventually(() => subscriptions() === 99, 'the completed subscription to end');
    start('s5');
    await eventually(() => subscriptions() === 100, 's5 again');
    start('s7');
    expect(await raw.closed).toEqual({ code: 4409, reason: 'Subscriber for s7 already exists' });
  });

  it('ends the connections of a key revoked meanwhile (4401)', async () => {
    const app = await bootTestApp({ LIVE_HEARTBEAT_MS: '1000' });
    try {
      const where = await listenForClients(app);
      const created = await app.gql(`mutation { createApiKey(input: { name: "revoked-live-${uniq()}", role: ANALYST }) { apiKey { id } token } }`);
      const {
        apiKey: { id },
        token,
      } = created.data.createApiKey;
      const c = open(token, {}, where);
      await c.connected;
      expect((await app.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id })).errors).toBeUndefined();
      expect(await c.closed).toEqual({ code: 4401, reason: expect.stringContaining('revoked') });
    } finally {
      await app.close();
    }
  });

  describe('with ANONYMOUS_READ and a cap of 2 connections per key', () => {
    let app: TestApp;
    let where: string;
    beforeAll(async () => {
      app = await bootTestApp({ ANONYMOUS_READ: 'true', LIVE_MAX_CONNECTIONS_PER_KEY: '2' });
      where = await listenForClients(app);
    });
    afterAll(async () => app.close());

    it('serves anonymous callers the DASHBOARD view', async () => {
      const c = open(null, {}, where);
      await c.connected;
      const feed = c.subscribe(TASK_CHANGED.replace('note origin', 'origin note'), { planCode });
      await eventually(() => app.app.get(LiveEvents).openSubscriptions() === 1, 'the subscription');
      const task = await newTask(app, planId);
      await record(app, task.id, 1, { progress: 1, note: '匿名看不到' });
      const event = await feed.nth(1);
      expect(event.data.taskChanged.update.note).toBeNull();
      expect(event.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await c.dispose();
      await eventually(() => app.app.get(LiveConnections).openConnections() === 0, 'the connection to close');
    });

    it("refuses a key's third connection with 4429 RATE_LIMITED, and admits one again once another closes", async () => {
      const key = await app.keyFor('ANALYST');
      const [one, two] = [open(key, {}, where), open(key, {}, where)];
      await Promise.all([one.connected, two.connected]);
      const third = open(key, {}, where);
      expect(await third.closed).toEqual({ code: 4429, reason: expect.stringMatching(/^RATE_LIMITED: .*LIVE_MAX_CONNECTIONS_PER_KEY/) });
      // Another key is not affected.
      const admin = open(ADMIN_TOKEN, {}, where);
      await admin.connected;
      await one.dispose();
      await eventually(() => app.app.get(LiveConnections).openConnections() === 2, 'the first connection to close');
      const again = open(key, {}, where);
      await again.connected;
      await Promise.all([two.dispose(), admin.dispose(), again.dispose()]);
    });
  });

  describe('heartbeats and slow clients', () => {
    let app: TestApp;
    let where: string;
    beforeAll(async () => {
      app = await bootTestApp({ LIVE_HEARTBEAT_MS: '1000', LIVE_MAX_BUFFERED_BYTES: '65536' });
      where = await listenForClients(app);
    });
    afterAll(async () => app.close());

    it('drops a connection that stops answering pings, and keeps one that answers', async () => {
      const silent = await initialised(where, ADMIN_TOKEN, { autoPong: false });
      const answering = await initialised(where, ADMIN_TOKEN);
      const pings = { n: 0 };
      answering.ws.on('ping', () => pings.n++);
      const started = Date.now();
      const closed = await silent.closed;
      expect(closed.code).toBe(1006); // terminated: no close frame
      expect(Date.now() - started).toBeLessThan(4000);
      await eventually(() => pings.n >= 3, 'three pings to the answering client', 6000);
      expect(answering.ws.readyState).toBe(WebSocket.OPEN);
      answering.ws.close();
    });

    it('drops a client that stops reading, instead of buffering for it', async () => {
      const { planCode: code, planId: id } = await makePlan(app);
      const task = await newTask(app, id);
      const big = '长'.repeat(10000); // 30 KB of UTF-8 per alias
      const fields = Array.from({ length: 15 }, (_, i) => `d${i}: task { description }`).join(' ');
      const slow = await initialised(where, ADMIN_TOKEN);
      for (let i = 0; i < 10; i++) {
        slow.ws.send(
          JSON.stringify({
            id: String(i),
            type: 'subscribe',
            payload: { query: `subscription($p: String!) { taskChanged(planCode: $p) { ${fields} } }`, variables: { p: code } },
          }),
        );
      }
      await eventually(() => app.app.get(LiveEvents).openSubscriptions() === 10, 'ten subscriptions');
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      // Each change sends 10 × 450 KB to a client that reads nothing: the kernel's buffers fill, then ours would.
      let version = 1;
      for (let i = 0; i < 6 && app.app.get(LiveEvents).openSubscriptions() > 0; i++) {
        const res = await app.gql(UPDATE_TASK, { input: { id: task.id, expectedVersion: version, description: `${big.slice(1)}${i}` } });
        expect(res.errors).toBeUndefined();
        version++;
        await sleep(300);
      }
      await eventually(() => app.app.get(LiveEvents).openSubscriptions() === 0, 'the slow client to be dropped', 5000);
      expect(app.app.get(LiveConnections).openConnections()).toBe(0);
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect((await slow.closed).code).toBe(1006);
    });
  });

  it("works on an app's own embedded database (PGlite in the process, DATA_DIR=memory://)", async () => {
    const app = await bootTestApp({ DATABASE_URL: '', DATA_DIR: 'memory://', SEED_ON_START: 'false' });
    try {
      expect(app.database.embedded).toBe(true);
      const where = await listenForClients(app);
      const own = await makePlan(app);
      const c = open(ADMIN_TOKEN, {}, where);
      await c.connected;
      const feed = c.subscribe(TASK_CHANGED, { planCode: own.planCode });
      await eventually(() => app.app.get(LiveEvents).openSubscriptions() === 1, 'the subscription');
      const task = await newTask(app, own.planId);
      await record(app, task.id, 1, { progress: 70 });
      expect((await feed.nth(1)).data.taskChanged).toMatchObject({ task: { id: task.id, progress: 70 }, update: { version: 2 } });
      await c.dispose();
    } finally {
      await app.close();
    }
  }, 120000);

  if (onServer)
    describe('on the PostgreSQL server', () => {
      it('fans a change out to subscribers of another instance, and a rolled-back one to none', async () => {
        const other = await bootTestApp();
        try {
          const { feed } = await subscribed(TASK_CHANGED, { planCode });
          const task = await newTask(other, planId);
          expect((await record(other, task.id, 3)).errors?.[0].extensions.code).toBe('VERSION_CONFLICT');
          expect((await record(other, task.id, 1, { progress: 45 })).errors).toBeUndefined();
          expect((await feed.nth(1)).data.taskChanged).toMatchObject({ task: { id: task.id, version: 2, progress: 45 }, update: { progressTo: 45 } });
          await sleep(150);
          expect(feed.events).toHaveLength(1);
          feed.stop();
        } finally {
          await other.close();
        }
      });

      it('sends NOTIFY only when the change commits, and none with LIVE_UPDATES=false', async () => {
        const listener = new Client({ connectionString: process.env.DATABASE_URL });
        await listener.connect();
        const heard: string[] = [];
        listener.on('notification', (n) => heard.push(n.payload ?? ''));
        await listener.query(`LISTEN ${TASK_CHANGED_CHANNEL}`);
        const quiet = await bootTestApp({ LIVE_UPDATES: 'false' });
        try {
          const task = await newTask(t, planId);
          await record(quiet, task.id, 1);
          await record(t, task.id, 1); // conflict: nothing committed
          await sleep(200);
          expect(heard).toEqual([]);
          await record(t, task.id, 2, { progress: 60 });
          await eventually(() => heard.length === 1, 'the notice');
          expect(JSON.parse(heard[0])).toEqual({ task: Number(dbKey(task.id)), version: 3, plan: planId, area: null, fromArea: null });
          // No WebSocket endpoint either.
          const raw = rawSocket(await listenForClients(quiet));
          await expect(raw.opened).rejects.toThrow(/Unexpected server response: 400/);
        } finally {
          await quiet.close();
          await listener.end();
        }
      });
    });
});
