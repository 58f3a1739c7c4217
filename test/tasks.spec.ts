import { todayUtc } from '../src/common/local-date';
import { bootTestApp, expectError, GqlReply, nodeId, TestApp, uniq } from './support/test-app';
import { taskSearchText } from '../src/tasks/search-folding';

// A fixture plan of 32 key tasks (plus sub-tasks and archived ones) with every attribute varied, inserted with
// SQL so the expected answers below are computed from the same table the API reads.

const STATUSES = ['NOT_REPORTED', 'NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'DELAYED', 'SUSPENDED'] as const;
const ORDERS = ['CODE_ASC', 'CODE_DESC', 'DUE_DATE_ASC', 'DUE_DATE_DESC', 'PROGRESS_ASC', 'PROGRESS_DESC', 'UPDATED_AT_ASC', 'UPDATED_AT_DESC'] as const;

interface FixtureTask {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  status: (typeof STATUSES)[number];
  progress: number | null;
  dueDate: string | null;
  regions: string[];
  areaCode: string | null;
  parentCode: string | null;
  archived: boolean;
  updatedAt: string;
}

const TODAY = todayUtc();
const DUE = [null, '2020-03-01', '2099-12-31', TODAY, '2024-06-30'];
const REGIONS = [[], ['SH'], ['JS', 'ZJ'], ['AH'], ['SH', 'JS', 'ZJ', 'AH'], ['ZJ'], []];
const AREAS = ['A1', 'A2', 'A1', null];
// Titles chosen so a search that forgot to escape % or _ would match more than it should.
const TITLES: Record<number, [string, string | null]> = {
  1: ['提升完成率100%目标', 'Reach 100% of target'],
  2: ['完成率1000项', 'One thousand items 1000'],
  3: ['x_y 数据平台', 'Data platform x_y'],
  4: ['xzy 数据中心', 'Data centre XZY'],
  5: ['长三角生态绿色一体化', 'YANGTZE green belt'],
  6: ['长三角科创走廊', 'Yangtze science corridor'],
  7: ['长三角公共服务', null],
};

function fixtureRows(): Omit<FixtureTask, 'id'>[] {
  const rows: Omit<FixtureTask, 'id'>[] = [];
  for (let i = 0; i < 30; i += 1) {
    const status = STATUSES[i % 6];
    const progress = status === 'COMPLETED' ? 100 : status === 'NOT_REPORTED' || i % 4 === 0 ? null : (i * 37) % 100;
    const [title, titleEn] = TITLES[i] ?? [`重点任务${i}`, `Key task ${i}`];
    rows.push({
      code: `T${String(i).padStart(2, '0')}`,
      title,
      titleEn,
      status,
      progress,
      dueDate: DUE[i % 5],
      regions: REGIONS[i % 7],
      areaCode: AREAS[i % 4],
      parentCode: null,
      archived: false,
      // Ties on purpose (every third pair shares a timestamp) so the id tie-break is exercised.
      updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, Math.floor(((i * 7) % 30) / 2), 123)).toISOString(),
    });
  }
  // An area whose tasks have no reported status.
  for (const code of ['T30', 'T31']) {
    rows.push({
      code,
      title: `未报告${code}`,
      titleEn: `Unreported ${code}`,
      status: 'NOT_REPORTED',
      progress: null,
      dueDate: '2021-01-01',
      regions: [],
      areaCode: 'A4',
      parentCode: null,
      archived: false,
      updatedAt: '2025-02-01T00:00:00.000Z',
    });
  }
  for (const [code, parent, status] of [
    ['S01', 'T00', 'IN_PROGRESS'],
    ['S02', 'T00', 'COMPLETED'],
    ['S03', 'T05', 'NOT_STARTED'],
  ] as const) {
    rows.push({
      code,
      title: `子任务${code} 长三角`,
      titleEn: `Sub-task ${code}`,
      status,
      progress: status === 'COMPLETED' ? 100 : 10,
      dueDate: '2020-01-01',
      regions: ['SH'],
      areaCode: 'A1',
      parentCode: parent,
      archived: false,
      updatedAt: '2025-03-01T00:00:00.000Z',
    });
  }
  for (const code of ['X01', 'X02']) {
    rows.push({
      code,
      title: `已归档${code} 长三角`,
      titleEn: `Archived ${code}`,
      status: 'DELAYED',
      progress: 5,
      dueDate: '2020-01-01',
      regions: ['AH'],
      areaCode: 'A2',
      parentCode: null,
      archived: true,
      updatedAt: '2025-03-01T00:00:00.000Z',
    });
  }
  return rows;
}

/** Inserts the fixture plan; returns its code and the tasks with their ids. */
async function insertFixture(t: TestApp): Promise<{ planCode: string; tasks: FixtureTask[] }> {
  const planCode = `fx-tasks-${uniq()}`;
  const [{ id: planId }] = await t.ds.query(
    `INSERT INTO plan (code, round, title, title_en, period_start, period_end, declared_task_count)
     VALUES ($1, 901, '测试计划', 'Fixture plan', 2024, 2026, 40) RETURNING id`,
    [planCode],
  );
  const areaIds: Record<string, number> = {};
  for (const [ordinal, code, declared] of [
    [1, 'A1', 20],
    [2, 'A2', null],
    [3, 'A3', 5],
    [4, 'A4', null],
  ] as const) {
    const [{ id }] = await t.ds.query(
      `INSERT INTO area (plan_id, ordinal, code, name, name_en, declared_task_count) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [planId, ordinal, code, `方面${ordinal}`, `Area ${ordinal}`, declared],
    );
    areaIds[code] = id;
  }
  const tasks: FixtureTask[] = [];
  for (const r of fixtureRows()) {
    const parentId = r.parentCode ? tasks.find((x) => x.code === r.parentCode)!.id : null;
    const [{ id }] = await t.ds.query(
      `INSERT INTO task (plan_id, area_id, area_basis, parent_id, code, title, title_en, status, progress, due_date, archived_at, updated_at, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        planId,
        r.areaCode ? areaIds[r.areaCode] : null,
        r.areaCode ? 'STATED' : 'NOT_STATED',
        parentId,
        r.code,
        r.title,
        r.titleEn,
        r.status,
        r.progress,
        r.dueDate,
        r.archived ? '2025-04-01T00:00:00Z' : null,
        r.updatedAt,
        taskSearchText(r.title, r.titleEn),
      ],
    );
    for (const region of r.regions) await t.ds.query('INSERT INTO task_lead_region (task_id, region_code) VALUES ($1, $2)', [id, region]);
    tasks.push({ ...r, id });
  }
  return { planCode, tasks };
}

const isOverdue = (x: FixtureTask) => x.dueDate !== null && x.dueDate < TODAY && x.status !== 'COMPLETED';

/** The expected order of a TaskOrder, from the rules in its description (ties break on id). */
function sortFor(order: (typeof ORDERS)[number], tasks: FixtureTask[]): string[] {
  const key = (x: FixtureTask): string | number => {
    if (order.startsWith('CODE')) return x.code;
    if (order === 'DUE_DATE_ASC') return x.dueDate ?? '9999-12-31';
    if (order === 'DUE_DATE_DESC') return x.dueDate ?? '0001-01-01';
    if (order === 'PROGRESS_ASC') return x.progress ?? 101;
    if (order === 'PROGRESS_DESC') return x.progress ?? -1;
    return x.updatedAt;
  };
  const desc = order.endsWith('DESC') ? -1 : 1;
  return [...tasks]
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * desc;
    })
    .map((x) => x.code);
}

const PAGE = `query($plan: String, $first: Int, $after: String, $order: TaskOrder, $filter: TaskFilter) {
  tasks(planCode: $plan, first: $first, after: $after, orderBy: $order, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id code title titleEn status progress dueDate overdue leadRegions { code } area { code } } } } }`;

describe('tasks connection (through /graphql)', () => {
  let t: TestApp;
  let planCode: string;
  let all: FixtureTask[];
  let keyTasks: FixtureTask[];

  beforeAll(async () => {
    t = await bootTestApp();
    ({ planCode, tasks: all } = await insertFixture(t));
    keyTasks = all.filter((x) => x.parentCode === null && !x.archived);
  });
  afterAll(async () => t.close());

  /** Every code of a filtered list, walking all pages. */
  async function codes(filter: Record<string, unknown>, plan: string | null = planCode): Promise<string[]> {
    const out: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard += 1) {
      const res: GqlReply = await t.gql(PAGE, { plan, first: 100, after, filter });
      expect(res.errors).toBeUndefined();
      out.push(...res.data.tasks.edges.map((e: any) => e.node.code));
      if (!res.data.tasks.pageInfo.hasNextPage) {
        expect(res.data.tasks.totalCount).toBe(out.length);
        return out;
      }
      after = res.data.tasks.pageInfo.endCursor;
    }
    throw new Error('more than 20 pages');
  }

  const expected = (pred: (x: FixtureTask) => boolean, from: FixtureTask[] = keyTasks) =>
    from
      .filter(pred)
      .map((x) => x.code)
      .sort();

  it.each(ORDERS)('walks every page in %s order with first=7: none missing, none twice, in order', async (order) => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlReply = await t.gql(PAGE, { plan: planCode, first: 7, after, order });
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.tasks;
      expect(conn.totalCount).toBe(keyTasks.length);
      pageSizes.push(conn.edges.length);
      seen.push(...conn.edges.map((e: any) => e.node.code));
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      expect(pageSizes.length).toBeLessThan(10);
    }
    expect(pageSizes).toEqual([7, 7, 7, 7, 4]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(sortFor(order, keyTasks));
  });

  it.each(ORDERS)('walks a search (page and total found in one statement) in %s order with first=4: none missing, none twice', async (order) => {
    const matching = keyTasks.filter((x) => (x.titleEn ?? '').toLowerCase().includes('key task'));
    expect(matching.length).toBeGreaterThan(8);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages += 1) {
      expect(pages).toBeLessThan(12);
      const res: GqlReply = await t.gql(PAGE, { plan: planCode, first: 4, after, order, filter: { search: 'KEY TASK' } });
      expect(res.errors).toBeUndefined();
      const conn: any = res.data.tasks;
      expect(conn.totalCount).toBe(matching.length);
      seen.push(...conn.edges.map((e: any) => e.node.code));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(sortFor(order, matching));
  });

  it('walks sub-tasks and archived tasks too when asked, in code order', async () => {
    const filter = { includeSubtasks: true, includeArchived: true };
    const seen: string[] = [];
    let after: string | null = null;
    let hasNext = true;
    while (hasNext) {
      const res: GqlReply = await t.gql(PAGE, { plan: planCode, first: 7, after, filter });
      seen.push(...res.data.tasks.edges.map((e: any) => e.node.code));
      expect(res.data.tasks.totalCount).toBe(all.length);
      ({ hasNextPage: hasNext, endCursor: after } = res.data.tasks.pageInfo);
    }
    expect(seen).toEqual(sortFor('CODE_ASC', all));
  });

  it('serves each task as stored: dates as written, overdue from the due date, lead regions and area', async () => {
    const res = await t.gql(PAGE, { plan: planCode, first: 100 });
    const byCode = new Map(res.data.tasks.edges.map((e: any) => [e.node.code, e.node]));
    for (const x of keyTasks) {
      expect(byCode.get(x.code)).toEqual({
        id: nodeId('Task', x.id),
        code: x.code,
        title: x.title,
        titleEn: x.titleEn,
        status: x.status,
        progress: x.progress,
        dueDate: x.dueDate,
        overdue: isOverdue(x),
        leadRegions: ['SH', 'JS', 'ZJ', 'AH'].filter((r) => x.regions.includes(r)).map((code) => ({ code })),
        area: x.areaCode ? { code: x.areaCode } : null,
      });
    }
    // The fixture does hold both kinds, so the check above means something.
    expect(keyTasks.some(isOverdue)).toBe(true);
    expect(keyTasks.some((x) => x.dueDate !== null && !isOverdue(x))).toBe(true);
  });

  it('answers first=0 with no edges, the total, and whether there is anything to fetch', async () => {
    const res = await t.gql(PAGE, { plan: planCode, first: 0 });
    expect(res.errors).toBeUndefined();
    expect(res.data.tasks).toEqual({ totalCount: keyTasks.length, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
    const none = await t.gql(PAGE, { plan: planCode, first: 0, filter: { search: 'no task has this title' } });
    expect(none.data.tasks).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('accepts first=100 and refuses first=101 or a negative first as BAD_USER_INPUT', async () => {
    expect((await t.gql(PAGE, { plan: planCode, first: 100 })).data.tasks.edges).toHaveLength(keyTasks.length);
    expectError(await t.gql(PAGE, { plan: planCode, first: 101 }), 'BAD_USER_INPUT');
    expectError(await t.gql(PAGE, { plan: planCode, first: -1 }), 'BAD_USER_INPUT');
    expectError(await t.gql(`{ plan(code: "${planCode}") { areas { tasks(first: 101) { totalCount } } } }`), 'BAD_USER_INPUT');
  });

  describe('refuses a cursor it did not hand out for this list as BAD_USER_INPUT', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    let cursor: string;
    beforeAll(async () => {
      const res = await t.gql(PAGE, { plan: planCode, first: 3, order: 'PROGRESS_ASC' });
      cursor = res.data.tasks.pageInfo.endCursor;
    });

    it('accepts its own cursor', async () => {
      const res = await t.gql(PAGE, { plan: planCode, first: 3, after: cursor, order: 'PROGRESS_ASC' });
      expect(res.errors).toBeUndefined();
      expect(res.data.tasks.edges.map((e: any) => e.node.code)).toEqual(sortFor('PROGRESS_ASC', keyTasks).slice(3, 6));
    });

    it.each([
      ['garbage', 'not a cursor!'],
      ['valid base64 of no JSON', Buffer.from('hello').toString('base64url')],
      ['an over-long cursor', 'A'.repeat(600)],
      ['a wrong shape', b64({ order: 'PROGRESS_ASC', key: '5', id: 3 })],
      ['a zero id', b64(['PROGRESS_ASC', '5', 0])],
      ['a fractional id', b64(['PROGRESS_ASC', '5', 1.5])],
      ['a null key', b64(['PROGRESS_ASC', null, 3])],
      ['an object key', b64(['PROGRESS_ASC', { a: 1 }, 3])],
      ['a key of the wrong type', b64(['PROGRESS_ASC', 'abc', 3])],
      ['an out-of-range number key', b64(['PROGRESS_ASC', '99999999999', 3])],
    ])('%s', async (_what, after) => {
      expectError(await t.gql(PAGE, { plan: planCode, first: 3, after, order: 'PROGRESS_ASC' }), 'BAD_USER_INPUT');
    });

    it('a cursor of another order', async () => {
      expectError(await t.gql(PAGE, { plan: planCode, first: 3, after: cursor, order: 'CODE_ASC' }), 'BAD_USER_INPUT');
      expectError(await t.gql(PAGE, { plan: planCode, first: 3, after: cursor }), 'BAD_USER_INPUT');
    });

    it.each([
      ['DUE_DATE_ASC', 'yesterday'],
      ['DUE_DATE_ASC', '2024-02-30'],
      ['DUE_DATE_DESC', 'infinity'],
      ['UPDATED_AT_ASC', 'soon'],
      ['UPDATED_AT_DESC', 'now'],
      ['PROGRESS_DESC', '-2'],
      ['CODE_ASC', 'x'.repeat(300)],
    ])('a tampered %s key %s', async (order, key) => {
      expectError(await t.gql(PAGE, { plan: planCode, first: 3, order, after: b64([order, key, 3]) }), 'BAD_USER_INPUT');
    });
  });

  it('filters by area code within the plan', async () => {
    expect(await codes({ areaCode: 'A1' })).toEqual(expected((x) => x.areaCode === 'A1'));
    expect(await codes({ areaCode: 'A3' })).toEqual([]);
    expect(await codes({ areaCode: 'A1', includeSubtasks: true })).toEqual(
      expected(
        (x) => x.areaCode === 'A1',
        all.filter((x) => !x.archived),
      ),
    );
  });

  it('filters by one or several statuses', async () => {
    for (const status of [['COMPLETED'], ['DELAYED', 'SUSPENDED'], ['NOT_REPORTED', 'NOT_STARTED', 'IN_PROGRESS']]) {
      const want = expected((x) => status.includes(x.status));
      expect(want.length).toBeGreaterThan(0);
      expect(await codes({ status })).toEqual(want);
    }
  });

  it('filters by lead region: a task led by any of the regions', async () => {
    expect(await codes({ leadRegion: ['AH'] })).toEqual(expected((x) => x.regions.includes('AH')));
    expect(await codes({ leadRegion: ['SH', 'ZJ'] })).toEqual(expected((x) => x.regions.includes('SH') || x.regions.includes('ZJ')));
  });

  it('filters by due date, strictly before and strictly after, leaving out tasks with no due date', async () => {
    expect(await codes({ dueBefore: '2024-06-30' })).toEqual(expected((x) => x.dueDate !== null && x.dueDate < '2024-06-30'));
    expect(await codes({ dueAfter: '2024-06-30' })).toEqual(expected((x) => x.dueDate !== null && x.dueDate > '2024-06-30'));
    expect(await codes({ dueAfter: '2020-03-01', dueBefore: '2099-12-31' })).toEqual(
      expected((x) => x.dueDate !== null && x.dueDate > '2020-03-01' && x.dueDate < '2099-12-31'),
    );
  });

  it('filters overdue tasks and the others, which together make up the list', async () => {
    const overdue = await codes({ overdue: true });
    const notOverdue = await codes({ overdue: false });
    expect(overdue).toEqual(expected(isOverdue));
    expect(notOverdue).toEqual(expected((x) => !isOverdue(x)));
    expect(overdue.length + notOverdue.length).toBe(keyTasks.length);
    // Due today is not overdue yet.
    expect(notOverdue).toContain(keyTasks.find((x) => x.dueDate === TODAY && x.status !== 'COMPLETED')!.code);
  });

  it('searches Chinese and English titles, ignoring case', async () => {
    expect(await codes({ search: '长三角' })).toEqual(['T05', 'T06', 'T07']);
    expect(await codes({ search: 'yangtze' })).toEqual(['T05', 'T06']);
    expect(await codes({ search: 'YanGTze Science' })).toEqual(['T06']);
    expect(await codes({ search: '  xzy  ' })).toEqual(['T04']);
    expect(await codes({ search: 'key task 1' })).toEqual(expected((x) => (x.titleEn ?? '').toLowerCase().includes('key task 1')));
  });

  it('matches % and _ in a search literally', async () => {
    expect(await codes({ search: '100%' })).toEqual(['T01']);
    expect(await codes({ search: 'x_y' })).toEqual(['T03']);
    expect(await codes({ search: '%' })).toEqual(['T01']);
    expect(await codes({ search: '_' })).toEqual(['T03']);
    expect(await codes({ search: '\\' })).toEqual([]);
  });

  it('includes sub-tasks and archived tasks only when asked', async () => {
    expect(await codes({})).toEqual(expected(() => true));
    expect(await codes({ includeSubtasks: true })).toEqual(
      expected(
        () => true,
        all.filter((x) => !x.archived),
      ),
    );
    expect(await codes({ includeArchived: true })).toEqual(
      expected(
        () => true,
        all.filter((x) => x.parentCode === null),
      ),
    );
    expect(await codes({ includeSubtasks: true, includeArchived: true })).toEqual(expected(() => true, all));
  });

  it('combines filters with AND', async () => {
    const filter = { areaCode: 'A1', status: ['IN_PROGRESS', 'DELAYED', 'NOT_STARTED'], overdue: true, leadRegion: ['SH', 'JS', 'ZJ', 'AH'] };
    const want = expected((x) => x.areaCode === 'A1' && ['IN_PROGRESS', 'DELAYED', 'NOT_STARTED'].includes(x.status) && isOverdue(x) && x.regions.length > 0);
    expect(want.length).toBeGreaterThan(0);
    expect(await codes(filter)).toEqual(want);
    const search = { search: '长三角', includeSubtasks: true, includeArchived: true, status: ['DELAYED'] };
    expect(await codes(search)).toEqual(['X01', 'X02']);
  });

  it('treats a filter field given as null as not given', async () => {
    const filter = {
      areaCode: null,
      status: null,
      leadRegion: null,
      dueBefore: null,
      dueAfter: null,
      overdue: null,
      search: null,
      includeSubtasks: null,
      includeArchived: null,
    };
    expect(await codes(filter)).toEqual(expected(() => true));
    const res = await t.gql(PAGE, { plan: null, first: 0, filter: { search: planCode } });
    expect(res.errors).toBeUndefined();
  });

  it('lists tasks of every plan when no plan is named', async () => {
    const res = await t.gql(PAGE, { first: 100, filter: { search: '子任务S0', includeSubtasks: true } });
    expect(res.data.tasks.edges.map((e: any) => e.node.code)).toEqual(expect.arrayContaining(['S01', 'S02', 'S03']));
    const seeded = await t.gql(PAGE, { plan: 'yrd-2024-2026', first: 0 });
    const everything = await t.gql(PAGE, { first: 0 });
    expect(everything.data.tasks.totalCount).toBeGreaterThanOrEqual(seeded.data.tasks.totalCount + keyTasks.length);
  });

  it('answers NOT_FOUND for a plan that does not exist, and an empty page for an empty plan', async () => {
    expectError(await t.gql(PAGE, { plan: `no-such-plan-${uniq()}`, first: 5 }), 'NOT_FOUND');
    expectError(await t.gql(PAGE, { plan: `no-such-plan-${uniq()}`, first: 0 }), 'NOT_FOUND');
    const empty = `fx-empty-${uniq()}`;
    await t.ds.query(`INSERT INTO plan (code, round, title, period_start, period_end) VALUES ($1, 902, '空计划', 2024, 2026)`, [empty]);
    const res = await t.gql(PAGE, { plan: empty, first: 5 });
    expect(res.errors).toBeUndefined();
    expect(res.data.tasks).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('finds a task by id and by code, with its relations', async () => {
    const sub = all.find((x) => x.code === 'S01')!;
    const parent = all.find((x) => x.code === 'T00')!;
    const FIELDS = `id code dueDate overdue status progress plan { code } area { code } parent { code } subtasks { code } leadRegions { code }`;
    const byId = await t.gql(`query($id: ID!) { task(id: $id) { ${FIELDS} } }`, { id: nodeId('Task', parent.id) });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.task).toEqual({
      id: nodeId('Task', parent.id),
      code: 'T00',
      dueDate: parent.dueDate,
      overdue: isOverdue(parent),
      status: parent.status,
      progress: parent.progress,
      plan: { code: planCode },
      area: { code: 'A1' },
      parent: null,
      subtasks: [{ code: 'S01' }, { code: 'S02' }],
      leadRegions: [],
    });
    const byCode = await t.gql(`query($p: String!, $c: String!) { taskByCode(planCode: $p, code: $c) { ${FIELDS} } }`, { p: planCode, c: 'S01' });
    expect(byCode.data.taskByCode).toMatchObject({
      id: nodeId('Task', sub.id),
      code: 'S01',
      dueDate: '2020-01-01',
      overdue: true,
      parent: { code: 'T00' },
      leadRegions: [{ code: 'SH' }],
    });
    const overdueTask = keyTasks.find(isOverdue)!;
    const again = await t.gql(`query($id: ID!) { task(id: $id) { dueDate overdue } }`, { id: nodeId('Task', overdueTask.id) });
    expect(again.data.task).toEqual({ dueDate: overdueTask.dueDate, overdue: true });
  });

  it('answers null for a task that does not exist and BAD_USER_INPUT for an id that cannot be one', async () => {
    expect((await t.gql('{ task(id: "2147483647") { id } }')).data).toEqual({ task: null });
    expect((await t.gql(`{ taskByCode(planCode: "${planCode}", code: "NOPE") { id } }`)).data).toEqual({ taskByCode: null });
    expect((await t.gql(`{ taskByCode(planCode: "no-such-plan", code: "T00") { id } }`)).data).toEqual({ taskByCode: null });
    for (const id of ['abc', '0', '-1', '99999999999', '1.5']) expectError(await t.gql(`{ task(id: "${id}") { id } }`), 'BAD_USER_INPUT');
  });

  it("lists an area's tasks through Area.tasks, paged and filtered like the top-level list", async () => {
    const res = await t.gql(
      `query($p: String!) { plan(code: $p) { areas { code taskCount
      tasks(first: 100) { totalCount edges { node { code } } }
      done: tasks(first: 2, filter: { status: [COMPLETED] }, orderBy: CODE_DESC) { totalCount pageInfo { hasNextPage } edges { node { code } } } } } }`,
      { p: planCode },
    );
    expect(res.errors).toBeUndefined();
    for (const area of res.data.plan.areas) {
      const want = expected((x) => x.areaCode === area.code);
      expect(area.tasks.edges.map((e: any) => e.node.code)).toEqual(want);
      expect(area.tasks.totalCount).toBe(want.length);
      expect(area.taskCount).toBe(want.length);
      const done = expected((x) => x.areaCode === area.code && x.status === 'COMPLETED').reverse();
      expect(area.done.totalCount).toBe(done.length);
      expect(area.done.edges.map((e: any) => e.node.code)).toEqual(done.slice(0, 2));
      expect(area.done.pageInfo.hasNextPage).toBe(done.length > 2);
    }
    expect(res.data.plan.areas.map((a: any) => a.code)).toEqual(['A1', 'A2', 'A3', 'A4']);
  });
});
