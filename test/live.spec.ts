import { ADMIN_TOKEN, bootTestApp, listenForClients, nodeId, TestApp, uniq } from './support/test-app';
import { eventually, liveClient, LiveTestClient } from './support/live-client';
import { LiveEvents } from '../src/live/live-events.service';

const RECORD = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { id version } }`;
const TASK_CHANGED = `subscription($planCode: String!, $areaCode: String) { taskChanged(planCode: $planCode, areaCode: $areaCode) {
  task { id code version status progress area { code } } update { version statusTo progressTo note origin } } }`;

describe('live updates (graphql-transport-ws on /graphql)', () => {
  let t: TestApp;
  let url: string;
  let planCode: string;
  let planId: number;
  const clients: LiveTestClient[] = [];
  const open = (token: string | null, opts?: { header?: boolean }) => {
    const c = liveClient(url, token, opts);
    clients.push(c);
    return c;
  };

  async function newTask(areaId: number | null = null): Promise<{ id: string; version: number }> {
    const [row] = await t.ds.query(`INSERT INTO task (plan_id, area_id, code, title) VALUES ($1, $2, $3, '直播任务') RETURNING id, version`, [planId, areaId, `L-${uniq()}`]);
    await t.ds.query(`INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, 'JS')`, [row.id]);
    return { id: nodeId('Task', row.id), version: row.version };
  }

  beforeAll(async () => {
    t = await bootTestApp();
    url = await listenForClients(t);
    planCode = `live-${uniq()}`;
    [{ id: planId }] = await t.ds.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 9, '直播计划', 2024, 2026) RETURNING id`, [planCode]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('delivers taskChanged after recordTaskUpdate, with the history entry it wrote', async () => {
    const c = open(ADMIN_TOKEN);
    await c.connected;
    const feed = c.subscribe(TASK_CHANGED, { planCode });
    await eventually(() => t.app.get(LiveEvents).openSubscriptions() === 1, 'the subscription');
    const task = await newTask();
    const res = await t.gql(RECORD, { input: { taskId: task.id, expectedVersion: 1, status: 'IN_PROGRESS', progress: 30, note: '进展' } });
    expect(res.errors).toBeUndefined();
    const event = await feed.nth(1);
    expect(event.errors).toBeUndefined();
    expect(event.data.taskChanged).toMatchObject({
      task: { id: task.id, version: 2, status: 'IN_PROGRESS', progress: 30, area: null },
      update: { version: 2, statusTo: 'IN_PROGRESS', progressTo: 30, note: '进展', origin: 'API' },
    });
    feed.stop();
  });
});
