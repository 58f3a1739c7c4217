// The dashboard's live and historical panels in headless Chromium, on a server with issue 15's API (subscriptions
// over graphql-ws, progressTrend, updateCoverage, progressByArea(asOf)): a recordTaskUpdate made elsewhere reaches the
// open page within a few seconds; the trend, coverage and "as of" views show the API's own figures (on a plan
// catalogued in 2024); and the page logs no error at all. Needs a browser: `npm run test:browser` (enabled there once
// issue 15 is merged: its name does not match the script's pattern before).
import { Browser } from 'playwright-core';
import { formatPercent, todayIn } from '../src/dashboard/browser/format';
import { coverageDocument, PROGRESS_BY_AREA, PROGRESS_BY_AREA_AS_OF, trendDocument } from '../src/dashboard/browser/queries';
import { createArea, createPlan, createTask, RECORD_UPDATE } from './support/admin-fixtures';
import { chartDrawn, Dom, launchChromium, openRecorded, Recorder, tableRows } from './support/dashboard-browser';
import { ADMIN_TOKEN, bootTestApp, nodeId, TestApp, uniq } from './support/test-app';

const PAST_DAY = '2024-03-31';

/** A plan of the test's own (the updates go there, so no other suite sees the seed's figures move), made today. */
async function livePlan(t: TestApp): Promise<{ plan: string; task: { id: string; code: string; version: number } }> {
  const plan = await createPlan(t, {
    round: 900 + Math.floor(Math.random() * 99),
    periodStart: 2025,
    periodEnd: 2027,
    timeZone: 'Asia/Shanghai',
    title: '实时测试计划',
  });
  const area = await createArea(t, plan.code, { declaredTaskCount: 3 });
  const task = await createTask(t, plan.code, { areaCode: area.code, title: '实时测试任务' });
  return { plan: plan.code, task };
}

/**
 * A plan catalogued in this tracker at the start of 2024 (written in SQL: the API dates a plan and its tasks by the
 * moment they are made) with three tasks reported on through the API at past dates, so that a past day and a trend
 * have something to show.
 */
async function historicPlan(t: TestApp) {
  const code = `fx-dash-${uniq()}`;
  const [{ id: planId }] = await t.ds.query(
    `INSERT INTO plan (code, round, title, title_en, period_start, period_end, time_zone, created_at)
     VALUES ($1, 916, '看板历史测试', 'Dashboard history test', 2024, 2026, 'Asia/Shanghai', '2024-01-01 00:00+08') RETURNING id`,
    [code],
  );
  const area = await createArea(t, code, { declaredTaskCount: 5, code: 'H1', ordinal: 1 });
  const [{ id: areaId }] = await t.ds.query('SELECT id FROM area WHERE plan_id = $1 AND code = $2', [planId, area.code]);
  const task = async (createdAt: string, due: string | null, inArea: boolean) => {
    const taskCode = `H-${uniq()}`;
    const [{ id }] = await t.ds.query(
      `INSERT INTO task (plan_id, area_id, code, title, due_date, created_at, updated_at, search_text) VALUES ($1, $2, $3, '历史任务', $4, $5, $5, E'历史任务\\n') RETURNING id`,
      [planId, inArea ? areaId : null, taskCode, due, createdAt],
    );
    return { id: nodeId('Task', String(id)), code: taskCode };
  };
  const report = async (taskId: string, input: Record<string, unknown>) => {
    const current = (await t.gql(`query($id: ID!) { task(id: $id) { version } }`, { id: taskId })).data.task;
    const res = await t.gql(RECORD_UPDATE, { input: { taskId, expectedVersion: current.version, ...input } });
    if (res.errors) throw new Error(`recordTaskUpdate failed: ${JSON.stringify(res.errors)}`);
  };
  const t1 = await task('2024-01-05 10:00+08', '2024-06-30', true);
  const t2 = await task('2024-02-01 10:00+08', '2024-03-15', true);
  const t3 = await task('2024-03-01 10:00+08', null, false);
  await report(t1.id, { status: 'IN_PROGRESS', progress: 30, occurredOn: '2024-02-01' });
  await report(t1.id, { status: 'COMPLETED', occurredOn: '2024-05-01' });
  await report(t2.id, { status: 'IN_PROGRESS', progress: 10, occurredOn: '2024-09-01' });
  return { plan: code, tasks: { t1, t2, t3 } };
}

/** Retries an assertion until it passes or the time is up (then throws its last failure). */
async function until(check: () => Promise<void>, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const progressRows = (rows: Record<string, any>[]) =>
  Object.fromEntries(
    rows.map((r) => [
      r.area?.code ?? '-',
      {
        declaredTaskCount: r.declaredTaskCount === null ? '—' : String(r.declaredTaskCount),
        taskCount: String(r.taskCount),
        completed: String(r.completed),
        inProgress: String(r.inProgress),
        notStarted: String(r.notStarted),
        delayed: String(r.delayed),
        suspended: String(r.suspended),
        notReported: String(r.notReported),
        overdue: String(r.overdue),
        completionRate: formatPercent(r.completionRate, 'en'),
      },
    ]),
  );

function expectClean(rec: Recorder) {
  expect(rec.requested.filter((url) => new URL(url).origin !== rec.origin)).toEqual([]);
  expect(rec.sockets).toEqual(expect.arrayContaining([`${rec.origin.replace(/^http/, 'ws')}/graphql`]));
  expect(rec.sockets.filter((url) => new URL(url).origin !== rec.origin.replace(/^http/, 'ws'))).toEqual([]);
  expect(rec.answers.filter((a) => a.status !== 200)).toEqual([]);
  expect(rec.problems).toEqual([]);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the dashboard, live and over time (ANONYMOUS_READ=true)', () => {
  let t: TestApp;
  let origin: string;
  let rec: Recorder;
  let history: Awaited<ReturnType<typeof historicPlan>>;

  beforeAll(async () => {
    t = await bootTestApp({ ANONYMOUS_READ: 'true' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    history = await historicPlan(t);
    rec = await openRecorded(browser, origin, { locale: 'en-US' });
    await rec.page.goto(`${origin}/dashboard?plan=${history.plan}`);
  });

  afterAll(async () => {
    await rec?.close();
    await t?.close();
  });

  it('connects its live updates', async () => {
    await rec.page.locator('header .live-pill[data-status="live"]').waitFor({ timeout: 10000 });
    expect(await rec.page.locator('#live .notice').count()).toBe(0);
  });

  it('shows a recordTaskUpdate made elsewhere within a few seconds, with no reload', async () => {
    await rec.page.locator('#progress tbody tr').first().waitFor({ state: 'attached' });
    const marker = await rec.page.evaluate(() => ((globalThis as Dom).__notReloaded = true));
    expect(marker).toBe(true);
    const { t3 } = history.tasks;
    const sent = Date.now();
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: t3.id, expectedVersion: 1, status: 'DELAYED' } }, ADMIN_TOKEN);
    expect(res.errors).toBeUndefined();
    await rec.page.locator(`#live .changes li[data-task="${t3.code}"][data-version="2"]`).waitFor({ state: 'attached', timeout: 5000 });
    expect(Date.now() - sent).toBeLessThan(5000);
    const api = (await t.gql(PROGRESS_BY_AREA, { planCode: history.plan }, null)).data.progressByArea;
    expect(api.reduce((n: number, r: Record<string, number>) => n + r.delayed, 0)).toBe(1);
    await until(async () => expect(await tableRows(rec.page, '#progress tbody tr', 'data-group')).toEqual(progressRows(api)));
    expect(await rec.page.evaluate(() => (globalThis as Dom).__notReloaded)).toBe(true);
  });

  it("draws the trend from the plan's first year to today with the API's figures", async () => {
    const today = todayIn('Asia/Shanghai');
    const api = await t.gql(trendDocument('QUARTER'), { planCode: history.plan, from: '2024-01-01', to: today, areaCode: null }, null);
    expect(api.errors).toBeUndefined();
    expect(api.data.progressTrend.length).toBeGreaterThan(3);
    await until(async () => {
      const shown = await tableRows(rec.page, '#trend tbody tr', 'data-asof');
      expect(shown).toEqual(
        Object.fromEntries(
          api.data.progressTrend.map((p: Record<string, any>) => [
            p.asOf,
            {
              taskCount: String(p.taskCount),
              completed: String(p.completed),
              inProgress: String(p.inProgress),
              notReported: String(p.notReported),
              overdue: String(p.overdue),
              completionRate: formatPercent(p.completionRate, 'en'),
            },
          ]),
        ),
      );
    });
    expect((await chartDrawn(rec.page, '#trend')).paths).toBeGreaterThan(3);
  });

  it("lists update coverage by area with the API's figures", async () => {
    const api = await t.gql(coverageDocument('AREA'), { planCode: history.plan, staleAfterDays: 90 }, null);
    expect(api.errors).toBeUndefined();
    await until(async () => {
      const shown = await tableRows(rec.page, '#coverage tbody tr', 'data-group');
      expect(Object.keys(shown)).toHaveLength(api.data.updateCoverage.length);
      for (const r of api.data.updateCoverage) {
        expect(shown[r.area?.code ?? r.region?.code ?? '-']).toMatchObject({
          taskCount: String(r.taskCount),
          updatedWithin: String(r.updatedWithin),
          neverReported: String(r.neverReported),
          overdue: String(r.overdue),
        });
      }
    });
  });

  it('redraws progress and the trend as of a past day', async () => {
    const past = await t.gql(PROGRESS_BY_AREA_AS_OF, { planCode: history.plan, asOf: PAST_DAY }, null);
    expect(past.errors).toBeUndefined();
    const now = (await t.gql(PROGRESS_BY_AREA, { planCode: history.plan }, null)).data.progressByArea;
    expect(progressRows(past.data.progressByArea)).not.toEqual(progressRows(now));
    await rec.page.fill('#asof', PAST_DAY);
    await until(async () => expect(new URL(rec.page.url()).searchParams.get('asOf')).toBe(PAST_DAY));
    await until(async () => expect(await tableRows(rec.page, '#progress tbody tr', 'data-group')).toEqual(progressRows(past.data.progressByArea)));
    await until(async () => {
      const dates = Object.keys(await tableRows(rec.page, '#trend tbody tr', 'data-asof'));
      expect(dates.length).toBeGreaterThan(0);
      expect(dates.every((d) => d <= PAST_DAY)).toBe(true);
    });
    await rec.page.click('.asof button');
    await until(async () => expect(new URL(rec.page.url()).searchParams.get('asOf')).toBeNull());
    await until(async () => expect(await tableRows(rec.page, '#progress tbody tr', 'data-group')).toEqual(progressRows(now)));
  });

  it('sent everything to the app itself and logged no error', () => {
    expectClean(rec);
  });
});

describe('the dashboard, live with a pasted key (no ANONYMOUS_READ)', () => {
  let t: TestApp;
  let origin: string;
  let rec: Recorder;

  beforeAll(async () => {
    t = await bootTestApp({ ANONYMOUS_READ: 'false' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    rec = await openRecorded(browser, origin, { locale: 'en-US' });
  });

  afterAll(async () => {
    await rec?.close();
    await t?.close();
  });

  it("sends the key in connection_init and follows the plan's changes", async () => {
    const key = await t.keyFor('DASHBOARD');
    const { plan, task } = await livePlan(t);
    const inits: unknown[] = [];
    rec.page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const msg = JSON.parse(String(f.payload));
        if (msg.type === 'connection_init') inits.push(msg.payload);
      }),
    );
    await rec.page.goto(`${origin}/dashboard?plan=${plan}`);
    await rec.page.fill('#api-key', key);
    await rec.page.click('.key-form button[type="submit"]');
    await rec.page.locator('header .live-pill[data-status="live"]').waitFor({ timeout: 10000 });
    expect(inits).toEqual([{ authorization: `Bearer ${key}` }]);
    const res = await t.gql(RECORD_UPDATE, { input: { taskId: task.id, expectedVersion: task.version, progress: 55 } }, ADMIN_TOKEN);
    expect(res.errors).toBeUndefined();
    await rec.page.locator(`#live .changes li[data-task="${task.code}"][data-version="${task.version + 1}"]`).waitFor({ state: 'attached', timeout: 5000 });
    expectClean(rec);
  });
});
