// The seed loader (issue 10): task updates a source states become history rows through the TaskWriter (origin SEED),
// so version and history stay in step; readings added to an existing indicator are added once; nothing is re-added.
import { loadSeed, mergeSeed } from '../src/seed/seed-loader';
import type { SeedDataSet, SeedReading } from '../src/seed/seed.types';
import { RECORD_UPDATE } from './support/admin-fixtures';
import { bootTestApp, nodeId, TestApp, uniq } from './support/test-app';

function dataSet(id: string): SeedDataSet {
  const plan = `p-seed-${id}`;
  const reading = (value: number, sourceKey: string, over: Partial<SeedReading> = {}): SeedReading => ({
    value,
    qualifier: 'EXACT',
    asOf: '2022-12-31',
    asOfPrecision: 'YEAR',
    sourceKey,
    sourceQuote: `截至2022年底,已开通${value}条`,
    note: null,
    ...over,
  });
  return {
    sources: ['a', 'b'].map((k) => ({
      key: `src-${k}-${id}`,
      title: `来源${k}`,
      publisher: 'Test',
      url: `https://example.org/${k}/${id}`,
      publishedOn: '2024-01-01',
      note: null,
    })),
    plans: [
      {
        code: plan,
        round: 7,
        title: '测试计划',
        titleEn: 'Test plan',
        issuer: null,
        periodStart: 2024,
        periodEnd: 2026,
        declaredTaskCount: 3,
        issuedOn: '2024-01-01',
        issuedNote: null,
        sourceKey: `src-a-${id}`,
        sourceQuote: '共计3项重点任务',
        timeZone: 'UTC',
      },
    ],
    areas: [],
    tasks: ['T1', 'T2'].map((code) => ({
      planCode: plan,
      code,
      areaCode: null,
      areaBasis: 'NOT_STATED' as const,
      title: `任务${code}`,
      titleEn: code,
      description: null,
      leadRegions: [],
      sourceKey: `src-a-${id}`,
      sourceQuote: `任务${code}`,
      sourceNote: 'test',
    })),
    evaluations: [],
    indicators: [
      {
        code: `ind-seed-${id}`,
        name: '公交线路',
        nameEn: 'Bus lines',
        unit: 'lines',
        planCode: plan,
        taskCode: 'T1',
        baseline: null,
        target: null,
        readings: [reading(95, `src-a-${id}`)],
      },
    ],
    readings: [{ indicatorCode: `ind-seed-${id}`, kind: 'reading', reading: reading(97, `src-b-${id}`) }],
    taskUpdates: [
      // Out of date order on purpose: history follows the dates.
      {
        planCode: plan,
        taskCode: 'T1',
        status: 'COMPLETED',
        progress: null,
        occurredOn: '2024-01-01',
        note: 'Done.',
        sourceKey: `src-b-${id}`,
        sourceQuote: '已全部建成通车',
      },
      {
        planCode: plan,
        taskCode: 'T1',
        status: 'IN_PROGRESS',
        progress: null,
        occurredOn: '2023-06-30',
        note: 'Under way.',
        sourceKey: `src-a-${id}`,
        sourceQuote: '已开工',
      },
      {
        planCode: plan,
        taskCode: 'T2',
        status: 'IN_PROGRESS',
        progress: 40,
        occurredOn: '2023-12-31',
        note: 'Share stated.',
        sourceKey: `src-a-${id}`,
        sourceQuote: '完成40%',
      },
    ],
  };
}

describe('seed loader', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const task = async (plan: string, code: string) =>
    (
      await t.ds.query(
        `SELECT t.id, t.status, t.progress, t.version, (SELECT count(*)::int FROM task_update u WHERE u.task_id = t.id) AS history
       FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = $1 AND t.code = $2`,
        [plan, code],
      )
    )[0];

  it('writes each stated status as one SEED history row, oldest first, so history.totalCount is version − 1', async () => {
    const id = uniq();
    const report = await t.ds.transaction((m) => loadSeed(m, dataSet(id)));
    expect(report).toMatchObject({ sources: 2, plans: 1, tasks: 2, indicators: 1, readings: 2, taskUpdates: 3 });
    const t1 = await task(`p-seed-${id}`, 'T1');
    expect(t1).toMatchObject({ status: 'COMPLETED', progress: 100, version: 3, history: 2 });
    const t2 = await task(`p-seed-${id}`, 'T2');
    expect(t2).toMatchObject({ status: 'IN_PROGRESS', progress: 40, version: 2, history: 1 });
    const res = await t.gql(
      `query($id: ID!) { task(id: $id) { version history { totalCount edges { node {
      version origin statusFrom statusTo occurredOn evidenceUrl note author } } } } }`,
      { id: nodeId('Task', t1.id) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.task.history.totalCount).toBe(res.data.task.version - 1);
    expect(res.data.task.history.edges.map((e: any) => e.node)).toEqual([
      {
        version: 3,
        origin: 'SEED',
        statusFrom: 'IN_PROGRESS',
        statusTo: 'COMPLETED',
        occurredOn: '2024-01-01',
        evidenceUrl: `https://example.org/b/${id}`,
        note: 'Done. Source: Test, 2024-01-01: “已全部建成通车”',
        author: 'seed data set',
      },
      {
        version: 2,
        origin: 'SEED',
        statusFrom: 'NOT_REPORTED',
        statusTo: 'IN_PROGRESS',
        occurredOn: '2023-06-30',
        evidenceUrl: `https://example.org/a/${id}`,
        note: 'Under way. Source: Test, 2024-01-01: “已开工”',
        author: 'seed data set',
      },
    ]);
  });

  it('adds nothing on a second run: no reading, task or history row twice', async () => {
    const id = uniq();
    await t.ds.transaction((m) => loadSeed(m, dataSet(id)));
    const again = await t.ds.transaction((m) => loadSeed(m, dataSet(id)));
    expect(again).toEqual({ sources: 0, plans: 0, areas: 0, tasks: 0, evaluations: 0, indicators: 0, readings: 0, taskUpdates: 0 });
    expect(await task(`p-seed-${id}`, 'T1')).toMatchObject({ version: 3, history: 2 });
  });

  it('leaves a task alone that someone changed through the API since', async () => {
    const id = uniq();
    const first = dataSet(id);
    await t.ds.transaction((m) => loadSeed(m, { ...first, taskUpdates: [] }));
    const t1 = await task(`p-seed-${id}`, 'T1');
    const upd = await t.gql(RECORD_UPDATE, { input: { taskId: nodeId('Task', t1.id), expectedVersion: 1, status: 'DELAYED' } });
    expect(upd.errors).toBeUndefined();
    const report = await t.ds.transaction((m) => loadSeed(m, first));
    expect(report.taskUpdates).toBe(1); // T2 only
    expect(await task(`p-seed-${id}`, 'T1')).toMatchObject({ status: 'DELAYED', version: 2, history: 1 });
  });

  it('keeps both of two conflicting readings, each with its own source, and shows the conflict', async () => {
    const id = uniq();
    await t.ds.transaction((m) => loadSeed(m, dataSet(id)));
    const res = await t.gql(
      `query($code: String!) { indicator(code: $code) { hasConflicts readings { value sourceQuote source { url }
      conflictsWith { value source { url } } } } }`,
      { code: `ind-seed-${id}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.indicator).toEqual({
      hasConflicts: true,
      readings: [
        {
          value: 95,
          sourceQuote: '截至2022年底,已开通95条',
          source: { url: `https://example.org/a/${id}` },
          conflictsWith: [{ value: 97, source: { url: `https://example.org/b/${id}` } }],
        },
        {
          value: 97,
          sourceQuote: '截至2022年底,已开通97条',
          source: { url: `https://example.org/b/${id}` },
          conflictsWith: [{ value: 95, source: { url: `https://example.org/a/${id}` } }],
        },
      ],
    });
  });

  it('merges an additions file: its sources once (the base wins), its tasks, readings and updates appended', () => {
    const base = dataSet('base');
    const merged = mergeSeed(base, {
      sources: [
        { ...base.sources[0], title: 'other' },
        { ...base.sources[0], key: 'extra' },
      ],
      tasks: [{ ...base.tasks[0], code: 'T9' }],
      indicators: [],
      readings: [],
      taskUpdates: [base.taskUpdates[0]],
    });
    expect(merged.sources.map((s) => [s.key, s.title])).toEqual([
      [base.sources[0].key, '来源a'],
      [base.sources[1].key, '来源b'],
      ['extra', '来源a'],
    ]);
    expect(merged.tasks.map((x) => x.code)).toEqual(['T1', 'T2', 'T9']);
    expect(merged.taskUpdates).toHaveLength(4);
    expect(merged.readings).toHaveLength(1);
  });
});
