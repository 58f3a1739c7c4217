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
      `ind-${uniq()}`,
      '测试指标',
      'km',
      planId,
      taskId === null ? null : dbKey(taskId),
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
      kind: 'ACTUAL',
      value: 7600.5,
      qualifier: 'OVER',
      asOf: '2024-12-31',
      asOfPrecision: 'MONTH',
      note: '发布会',
      source: { title: '新闻发布会', url },
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
    const [row] = await t.ds.query('SELECT k.role, k.regions FROM indicator_reading r JOIN api_key k ON k.id = r.recorded_by_key_id WHERE r.id = $1', [
      dbKey(res.data.recordIndicatorReading.id),
    ]);
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

  it.each(
    badCases([
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
      ['sourceQuote', { sourceQuote: '超'.repeat(1001) }],
      ['sourceQuote', { sourceQuote: '   ' }],
    ]),
  )('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
    const before = await readingCount(jsIndicator);
    expectFieldError(await t.gql(RECORD, { input: input(bad) }), 'BAD_USER_INPUT', field);
    expect(await readingCount(jsIndicator)).toBe(before);
  });

  it("accepts a reading for the current year, dated at the year's end", async () => {
    const year = new Date().getUTCFullYear();
    const res = await t.gql(RECORD, { input: input({ asOf: `${year}-12-31`, asOfPrecision: 'YEAR', value: 1 }) });
    expect(res.errors).toBeUndefined();
  });

  it("refuses readings of an archived task's indicator with BAD_USER_INPUT", async () => {
    const plan = await createPlan(t);
    const task = await createTask(t, plan.code, { leadRegions: ['AH'] });
    const indicator = await newIndicator(Number(dbKey(plan.id)), task.id);
    await t.gql(ARCHIVE_TASK, { input: { id: task.id, expectedVersion: 1 } });
    expectFieldError(await t.gql(RECORD, { input: input({ indicatorId: indicator }) }), 'BAD_USER_INPUT', 'indicatorId');
    expect(await readingCount(indicator)).toBe(0);
  });

  it('keeps the quote a reading rests on, trimmed, and serves it with the reading', async () => {
    const res = await t.gql(`mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { id sourceQuote } }`, {
      input: input({ value: 7700, asOf: '2024-12-31', asOfPrecision: 'YEAR', sourceQuote: '  长三角高铁营业里程超7700公里 ' }),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordIndicatorReading.sourceQuote).toBe('长三角高铁营业里程超7700公里');
  });

  describe('conflicting readings', () => {
    const READINGS = `query($id: ID!) { task(id: $id) { indicators { code hasConflicts
      readings { value qualifier asOf source { url } conflictsWith { value qualifier source { url } } } } } }`;

    it('shows two sources that give different figures for the same date as conflicting, each kept with its own source', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { leadRegions: ['SH'] });
      const indicator = await newIndicator(Number(dbKey(plan.id)), task.id);
      const record = (value: number, asOf: string, url: string, qualifier = 'EXACT') =>
        t.gql(RECORD, { input: { indicatorId: indicator, value, qualifier, asOf, asOfPrecision: 'YEAR', sourceUrl: url } });
      const before = await t.gql(READINGS, { id: task.id });
      await record(95, '2022-12-31', 'https://example.org/a');
      const one = await t.gql(READINGS, { id: task.id });
      expect(one.data.task.indicators[0].hasConflicts).toBe(false);
      await record(97, '2022-12-31', 'https://example.org/b');
      await record(97, '2023-12-31', 'https://example.org/b');
      await record(97, '2023-12-31', 'https://example.org/c'); // same figure, another source: agreement, not conflict
      const res = await t.gql(READINGS, { id: task.id });
      expect(res.errors).toBeUndefined();
      expect(before.data.task.indicators[0].readings).toEqual([]);
      const [ind] = res.data.task.indicators;
      expect(ind.hasConflicts).toBe(true);
      expect(ind.readings).toEqual([
        {
          value: 95,
          qualifier: 'EXACT',
          asOf: '2022-12-31',
          source: { url: 'https://example.org/a' },
          conflictsWith: [{ value: 97, qualifier: 'EXACT', source: { url: 'https://example.org/b' } }],
        },
        {
          value: 97,
          qualifier: 'EXACT',
          asOf: '2022-12-31',
          source: { url: 'https://example.org/b' },
          conflictsWith: [{ value: 95, qualifier: 'EXACT', source: { url: 'https://example.org/a' } }],
        },
        { value: 97, qualifier: 'EXACT', asOf: '2023-12-31', source: { url: 'https://example.org/b' }, conflictsWith: [] },
        { value: 97, qualifier: 'EXACT', asOf: '2023-12-31', source: { url: 'https://example.org/c' }, conflictsWith: [] },
      ]);
    });

    it('sees no conflict between figures that can both be true: "over 6,600", "over 6,700" and 6,704.4, or about 9,200 and 9,250', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { leadRegions: ['SH'] });
      const indicator = await newIndicator(Number(dbKey(plan.id)), task.id);
      const record = (value: number, qualifier: string, asOf: string) =>
        t.gql(RECORD, { input: { indicatorId: indicator, value, qualifier, asOf, asOfPrecision: 'YEAR' } });
      for (const [v, q] of [
        [6600, 'OVER'],
        [6700, 'OVER'],
        [6704.4, 'EXACT'],
        [6800, 'AT_MOST'],
      ] as const)
        await record(v, q, '2022-12-31');
      for (const [v, q] of [
        [9200, 'ABOUT'],
        [9250, 'EXACT'],
        [9500, 'EXACT'],
      ] as const)
        await record(v, q, '2021-12-31');
      const res = await t.gql(READINGS, { id: task.id });
      expect(res.errors).toBeUndefined();
      const conflicts = res.data.task.indicators[0].readings.map((r: any) => [r.value, r.conflictsWith.map((c: any) => c.value)]);
      expect(conflicts).toEqual([
        [9200, [9500]],
        [9250, [9500]],
        [9500, [9200, 9250]],
        [6600, []],
        [6700, []],
        [6704.4, []],
        [6800, []],
      ]);
    });

    it('counts the same value with another qualifier as a different figure', async () => {
      const plan = await createPlan(t);
      const task = await createTask(t, plan.code, { leadRegions: ['SH'] });
      const indicator = await newIndicator(Number(dbKey(plan.id)), task.id);
      for (const qualifier of ['EXACT', 'OVER']) {
        await t.gql(RECORD, { input: { indicatorId: indicator, value: 13000000, qualifier, asOf: '2022-12-31', asOfPrecision: 'YEAR' } });
      }
      const res = await t.gql(READINGS, { id: task.id });
      expect(res.data.task.indicators[0].readings.map((r: { conflictsWith: { qualifier: string }[] }) => r.conflictsWith.map((c) => c.qualifier))).toEqual([
        ['OVER'],
        ['EXACT'],
      ]);
    });
  });
});
