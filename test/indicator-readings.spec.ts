import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { ARCHIVE_TASK, createPlan, createTask, badCases, expectFieldError, NOT_A_DATE, NOT_IN_ENUM, tomorrow } from './support/admin-fixtures';

const RECORD = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) {
  id kind value qualifier asOf asOfPrecision note source { title url } } }`;

describe('recordIndicatorReading', () => {
  let t: TestApp;
  let planCode: string;
  let jsTask: { id: string; code: string };
  /** Tied to a task led by JS and SH. */
  let jsIndicator: string;
  /** Tied to the plan only. */
  let planIndicator: string;

  async function newIndicator(planId: number | null, taskId: string | null): Promise<string> {
    const [row] = await t.ds.query('INSERT INTO indicator (code, name, unit, plan_id, task_id) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
      `ind-${uniq()}`, '测试指标', 'km', planId, taskId === null ? null : dbKey(taskId),
    ]);
    return nodeId('Indicator', row.id);
  }
  const readingCount = async (indicatorId: string) =>
    (await t.ds.query('SELECT count(*)::int AS n FROM indicator_reading WHERE indicator_id = $1', [dbKey(indicatorId)]))[0].n as number;
  const input = (over: Record<string, unknown> = {}) => ({ indicatorId: jsIndicator, value: 7600, qualifier: 'OVER', asOf: '2024-12-31', ...over });

  beforeAll(async () => {
    t = await bootTestApp();
    const plan = await createPlan(t);
    planCode = plan.code;
    jsTask = await createTask(t, planCode, { leadRegions: ['JS', 'SH'] });
    jsIndicator = await newIndicator(Number(dbKey(plan.id)), jsTask.id);
    planIndicator = await newIndicator(Number(dbKey(plan.id)), null);
  });
  afterAll(async () => t.close());

  it('lets an ADMIN append a reading that the read API then serves, with its source', async () => {
    const url = `https://example.org/briefing/${uniq()}`;
    const res = await t.gql(RECORD, {
      input: input({ value: 7600.5, asOf: '2024-12-31', asOfPrecision: 'MONTH', note: '发布会', sourceTitle: '新闻发布会', sourceUrl: url }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordIndicatorReading).toMatchObject({
      kind: 'ACTUAL', value: 7600.5, qualifier: 'OVER', asOf: '2024-12-31', asOfPrecision: 'MONTH', note: '发布会', source: { title: '新闻发布会', url },
    });
    const read = await t.gql(`query($id: ID!) { task(id: $id) { indicators { latestReading { value qualifier asOf } } } }`, { id: jsTask.id });
    expect(read.data.task.indicators[0].latestReading).toEqual({ value: 7600.5, qualifier: 'OVER', asOf: '2024-12-31' });
  });

  it('appends a new reading for a correction instead of editing the old one, and reuses a cited source', async () => {
    const url = `https://example.org/stats/${uniq()}`;
    const before = await readingCount(jsIndicator);
    await t.gql(RECORD, { input: input({ value: 100, asOf: '2023-12-31', asOfPrecision: 'YEAR', sourceTitle: '统计公报', sourceUrl: url }) });
    await t.gql(RECORD, { input: input({ value: 101, asOf: '2023-12-31', asOfPrecision: 'YEAR', sourceTitle: '统计公报', sourceUrl: url }) });
    expect(await readingCount(jsIndicator)).toBe(before + 2);
    const rows = await t.ds.query('SELECT DISTINCT source_id FROM indicator_reading WHERE indicator_id = $1 AND value IN (100, 101)', [dbKey(jsIndicator)]);
    expect(rows).toHaveLength(1);
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM source WHERE url = $1', [url]);
    expect(n).toBe(1);
  });

  it('lets an EDITOR of a lead region record, and remembers which key did', async () => {
    const token = await t.keyFor('EDITOR', ['SH']);
    const res = await t.gql(RECORD, { input: input({ value: 42 }) }, token);
    expect(res.errors).toBeUndefined();
    const [row] = await t.ds.query(
      'SELECT k.role, k.regions FROM indicator_reading r JOIN api_key k ON k.id = r.recorded_by_key_id WHERE r.id = $1',
      [dbKey(res.data.recordIndicatorReading.id)],
    );
    expect(row).toEqual({ role: 'EDITOR', regions: ['SH'] });
  });

  it('refuses an EDITOR of another region, and any EDITOR on an indicator tied to no task, with FORBIDDEN', async () => {
    const zj = await t.keyFor('EDITOR', ['ZJ', 'AH']);
    const js = await t.keyFor('EDITOR', ['JS']);
    const before = [await readingCount(jsIndicator), await readingCount(planIndicator)];
    expectError(await t.gql(RECORD, { input: input() }, zj), 'FORBIDDEN');
    expectError(await t.gql(RECORD, { input: input({ indicatorId: planIndicator }) }, js), 'FORBIDDEN');
    expect([await readingCount(jsIndicator), await readingCount(planIndicator)]).toEqual(before);
    expect((await t.gql(RECORD, { input: input({ indicatorId: planIndicator }) })).errors).toBeUndefined();
  });

  it('refuses ANALYST and DASHBOARD keys with FORBIDDEN', async () => {
    for (const role of ['ANALYST', 'DASHBOARD']) expectError(await t.gql(RECORD, { input: input() }, await t.keyFor(role)), 'FORBIDDEN');
  });

  it('refuses an unknown indicator with NOT_FOUND and an id that cannot be one with BAD_USER_INPUT', async () => {
    expectError(await t.gql(RECORD, { input: input({ indicatorId: nodeId('Indicator', 999999999) }) }), 'NOT_FOUND');
    expectFieldError(await t.gql(RECORD, { input: input({ indicatorId: 'abc' }) }), 'BAD_USER_INPUT', 'indicatorId');
  });

  it.each(badCases([
    ['value', { value: 1.23456 }],
    ['value', { value: 1e16 }],
    ['asOf', { asOf: tomorrow() }],
    ['asOf', { asOf: '2024-06-30', asOfPrecision: 'YEAR' }],
    ['asOf', { asOf: '2024-05-31', asOfPrecision: 'QUARTER' }],
    [NOT_A_DATE, { asOf: '2024-02-30' }],
    [NOT_IN_ENUM, { qualifier: 'ROUGHLY' }],
    ['sourceUrl', { sourceUrl: 'javascript:alert(1)' }],
    ['sourceUrl', { sourceUrl: 'ftp://example.org/file' }],
    ['sourceTitle', { sourceTitle: 'x'.repeat(501) }],
    ['note', { note: 'x'.repeat(4001) }],
  ]))('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
    const before = await readingCount(jsIndicator);
    expectFieldError(await t.gql(RECORD, { input: input(bad) }), 'BAD_USER_INPUT', field);
    expect(await readingCount(jsIndicator)).toBe(before);
  });

  it('accepts a reading for the current year, dated at the year\'s end', async () => {
    const year = new Date().getUTCFullYear();
    const res = await t.gql(RECORD, { input: input({ asOf: `${year}-12-31`, asOfPrecision: 'YEAR', value: 1 }) });
    expect(res.errors).toBeUndefined();
  });

  it('refuses readings of an archived task\'s indicator with BAD_USER_INPUT', async () => {
    const plan = await createPlan(t);
    const task = await createTask(t, plan.code, { leadRegions: ['AH'] });
    const indicator = await newIndicator(Number(dbKey(plan.id)), task.id);
    await t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 1 } });
    expectFieldError(await t.gql(RECORD, { input: input({ indicatorId: indicator }) }), 'BAD_USER_INPUT', 'indicatorId');
    expect(await readingCount(indicator)).toBe(0);
  });
});
