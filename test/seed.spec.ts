import { yrdDataSet as yrdSeed } from '../src/seed/yrd-data-set';
import { bootTestApp, TestApp } from './support/test-app';

describe('seed data set (through /graphql)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const PLANS = `{
    plans { code round title declaredTaskCount catalogedTaskCount periodStart periodEnd issuedOn source { title url }
      areas { code ordinal name nameEn declaredTaskCount taskCount }
      evaluations { evaluatedOn taskCount completion { value qualifier } source { title } } } }`;

  it('holds the three rounds with their declared task counts', async () => {
    const res = await t.gql(PLANS);
    expect(res.errors).toBeUndefined();
    const plans = res.data.plans.filter((p: { code: string }) => p.code.startsWith('yrd-'));
    expect(plans.map((p: any) => [p.code, p.round, p.declaredTaskCount, p.periodStart, p.periodEnd])).toEqual([
      ['yrd-2018-2020', 1, 320, 2018, 2020],
      ['yrd-2021-2023', 2, 217, 2021, 2023],
      ['yrd-2024-2026', 3, 165, 2024, 2026],
    ]);
    expect(plans.map((p: any) => p.issuedOn)).toEqual(['2018-06-01', '2021-05-26', '2024-07-25']);
    for (const p of plans) expect(p.source).not.toBeNull();
  });

  it('reports "over 90%" for rounds 1 and 2 as a bound, never an exact rate', async () => {
    const res = await t.gql(PLANS);
    const byCode = Object.fromEntries(res.data.plans.map((p: any) => [p.code, p]));
    for (const [code, count] of [
      ['yrd-2018-2020', 320],
      ['yrd-2021-2023', 217],
    ] as const) {
      expect(byCode[code].evaluations).toHaveLength(1);
      expect(byCode[code].evaluations[0]).toMatchObject({ taskCount: count, completion: { value: 0.9, qualifier: 'OVER' } });
      expect(byCode[code].evaluations[0].source).not.toBeNull();
    }
    expect(byCode['yrd-2024-2026'].evaluations).toEqual([]);
  });

  it("lists round 3's nine areas in order, with unknown counts left null", async () => {
    const res = await t.gql(PLANS);
    const r3 = res.data.plans.find((p: any) => p.code === 'yrd-2024-2026');
    expect(r3.areas.map((a: any) => a.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r3.areas.map((a: any) => a.declaredTaskCount)).toEqual([20, 20, 25, 23, null, null, null, null, null]);
    expect(r3.areas[0].name).toBe('加强长三角科技创新跨区域协同');
    expect(r3.areas[8].name).toBe('着力提升安全发展能力');
    const r1 = res.data.plans.find((p: any) => p.code === 'yrd-2018-2020');
    expect(r1.areas.map((a: any) => a.name)).toEqual(['交通互联互通', '能源互济互保', '产业协同创新', '环境整治联防联控', '公共服务普惠便利', '市场开放有序']);
    expect(res.data.plans.find((p: any) => p.code === 'yrd-2021-2023').areas).toEqual([]);
  });

  it('never catalogues more tasks in an area than its known declared count', async () => {
    const res = await t.gql(PLANS);
    // The seed's plans only: other suites' fixtures share this database and may catalogue past a declared count.
    const seedPlans = new Set(yrdSeed.plans.map((p) => p.code));
    const plans = res.data.plans.filter((p: any) => seedPlans.has(p.code));
    expect(plans).toHaveLength(seedPlans.size);
    for (const plan of plans) {
      for (const area of plan.areas) {
        if (area.declaredTaskCount !== null) expect(area.taskCount).toBeLessThanOrEqual(area.declaredTaskCount);
      }
      if (plan.declaredTaskCount !== null) expect(plan.catalogedTaskCount).toBeLessThanOrEqual(plan.declaredTaskCount);
    }
    // The same check on the data set itself, so a bad edit fails here before it reaches a database.
    for (const area of yrdSeed.areas.filter((a) => a.declaredTaskCount !== null)) {
      const n = yrdSeed.tasks.filter((x) => x.planCode === area.planCode && x.areaCode === area.code).length;
      expect(n).toBeLessThanOrEqual(area.declaredTaskCount as number);
    }
  });

  it('reports a status only where a source states one, through history, and keeps every task sourced and honest about its area', async () => {
    const res = await t.gql(`{ tasks(planCode: "yrd-2024-2026", first: 60) { totalCount edges { node {
      id code title status progress version areaBasis sourceNote sourceQuote area { code } source { title url } leadRegions { code } } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = res.data.tasks.edges.map((e: any) => e.node);
    for (const n of nodes) {
      const h = await t.gql(
        `query($id: ID!) { task(id: $id) { history(first: 20) { totalCount edges { node {
        origin statusTo occurredOn evidenceUrl note } } } } }`,
        { id: n.id },
      );
      expect(h.errors).toBeUndefined();
      n.history = h.data.task.history;
    }
    expect(res.data.tasks.totalCount).toBe(yrdSeed.tasks.filter((x) => x.planCode === 'yrd-2024-2026').length);
    const taihu = nodes.find((n: any) => n.title.includes('太湖'));
    expect(taihu).toMatchObject({ areaBasis: 'STATED', area: { code: 'A6' } });
    for (const n of nodes) {
      const seeded = yrdSeed.tasks.find((x) => x.planCode === 'yrd-2024-2026' && x.code === n.code)!;
      const updates = yrdSeed.taskUpdates
        .filter((u) => u.planCode === 'yrd-2024-2026' && u.taskCode === n.code)
        .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
      // A status only from a source that states it; the history holds one SEED row per stated update.
      expect([n.code, n.status]).toEqual([n.code, updates.at(-1)?.status ?? 'NOT_REPORTED']);
      expect(n.history.totalCount).toBe(n.version - 1);
      expect(n.history.totalCount).toBe(updates.length);
      for (const h of n.history.edges.map((e: any) => e.node)) {
        expect(h).toMatchObject({ origin: 'SEED', evidenceUrl: expect.stringMatching(/^https?:\/\//) });
        expect(updates.some((u) => h.note.includes(u.sourceQuote) && u.occurredOn === h.occurredOn && u.status === h.statusTo)).toBe(true);
      }
      expect(n.sourceQuote).toBe(seeded.sourceQuote);
      expect(n.source.url).toMatch(/^https?:\/\//);
      expect(n.leadRegions).toEqual([]);
      if (n.areaBasis === 'BRIEFING_ORDER') expect(n.sourceNote).toMatch(/area from briefing order/);
      if (n.areaBasis === 'NOT_STATED') expect(n.area).toBeNull();
      else expect(n.area).not.toBeNull();
    }
    expect(nodes.filter((n: any) => n.area?.code === 'A6').every((n: any) => n.areaBasis === 'STATED')).toBe(true);
    const bases = new Set(nodes.map((n: any) => n.areaBasis));
    expect(bases).toEqual(new Set(['STATED', 'BRIEFING_ORDER', 'NOT_STATED']));
  });

  it('serves the sentence each plan, area, evaluation and reading rests on, with a source that has a URL and a date', async () => {
    const res = await t.gql(`{ plans { code sourceQuote source { url publishedOn }
      areas { code sourceQuote source { url publishedOn } }
      evaluations { sourceQuote source { url publishedOn } } } }`);
    expect(res.errors).toBeUndefined();
    const plans = res.data.plans.filter((p: any) => yrdSeed.plans.some((x) => x.code === p.code));
    expect(plans).toHaveLength(3);
    const all: any[] = [];
    for (let after: string | null = null, more = true; more;) {
      const page: any = await t.gql(
        `query($after: String) { indicators(first: 20, after: $after) { pageInfo { hasNextPage endCursor }
        edges { node { code readings { sourceQuote source { url publishedOn } } targets { sourceQuote source { url } } } } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      all.push(...page.data.indicators.edges.map((e: any) => e.node));
      ({ hasNextPage: more, endCursor: after } = page.data.indicators.pageInfo);
    }
    const indicators = all.filter((i: any) => yrdSeed.indicators.some((x) => x.code === i.code));
    expect(indicators).toHaveLength(yrdSeed.indicators.length);
    const records = [...plans.flatMap((p: any) => [p, ...p.areas, ...p.evaluations]), ...indicators.flatMap((i: any) => [...i.readings, ...i.targets])];
    const seededReadings = yrdSeed.indicators.reduce((n, i) => n + i.readings.length + (i.target ? 1 : 0), 0) + (yrdSeed.readings ?? []).length;
    expect(records.length).toBe(3 + yrdSeed.areas.length + yrdSeed.evaluations.length + seededReadings);
    for (const r of records) {
      expect(r.sourceQuote).toEqual(expect.stringMatching(/\S/));
      expect(r.source.url).toMatch(/^https?:\/\//);
    }
    const r3 = plans.find((p: any) => p.code === 'yrd-2024-2026');
    expect(r3.sourceQuote).toContain('165项重点任务');
    expect(r3.areas.find((a: any) => a.code === 'A3').sourceQuote).toContain('共有25项重点任务');
    const r1 = plans.find((p: any) => p.code === 'yrd-2018-2020');
    expect(r1.evaluations[0].sourceQuote).toContain('完成率均在90%以上');
  });

  it('keeps indicator qualifiers: "over 7,600 km" is OVER 7600, "近9200" is an ABOUT 9200 target', async () => {
    const res = await t.gql(`{ plans { indicators { code unit readings { value qualifier asOf asOfPrecision source { title } }
      targets { value qualifier asOf } } } }`);
    expect(res.errors).toBeUndefined();
    const all = res.data.plans.flatMap((p: any) => p.indicators).filter((i: any) => i.code === 'yrd-hsr-operating-km');
    const rail = all.find((i: any) => i.unit === 'km');
    expect(rail).toBeDefined();
    expect(rail.readings.map((r: any) => [r.value, r.qualifier])).toEqual(
      expect.arrayContaining([
        [4150, 'EXACT'],
        [4997, 'EXACT'],
        [6600, 'OVER'],
        [7100, 'OVER'],
        [7600, 'OVER'],
      ]),
    );
    const seeded = yrdSeed.indicators.find((i) => i.code === 'yrd-hsr-operating-km')!;
    const readingCount = seeded.readings.length + (yrdSeed.readings ?? []).filter((a) => a.indicatorCode === seeded.code && a.kind === 'reading').length;
    expect(rail.readings).toHaveLength(readingCount);
    expect(rail.readings.find((r: any) => r.value === 7600)).toMatchObject({ qualifier: 'OVER', asOf: '2024-12-04', asOfPrecision: 'DAY' });
    expect(rail.targets).toContainEqual({ value: 9200, qualifier: 'ABOUT', asOf: '2025-12-31' });
  });

  it("keeps the three plans' 2025 high-speed-rail targets, each with its own source, and shows that they conflict", async () => {
    const res = await t.gql(`{ indicator(code: "yrd-hsr-operating-km") { hasConflicts
      targets { value qualifier asOf sourceQuote source { url } conflictsWith { value } }
      readings { value asOf conflictsWith { value } } } }`);
    expect(res.errors).toBeUndefined();
    const rail = res.data.indicator;
    expect(rail.hasConflicts).toBe(true);
    const targets2025 = rail.targets.filter((x: any) => x.asOf === '2025-12-31');
    expect(targets2025.map((x: any) => [x.value, x.qualifier]).sort()).toEqual([
      [8000, 'ABOUT'],
      [9200, 'ABOUT'],
      [9500, 'EXACT'],
    ]);
    expect(new Set(targets2025.map((x: any) => x.source.url)).size).toBe(3);
    for (const target of targets2025) {
      expect(target.conflictsWith.map((c: any) => c.value).sort()).toEqual(
        targets2025
          .filter((x: any) => x !== target)
          .map((x: any) => x.value)
          .sort(),
      );
    }
    expect(targets2025.find((x: any) => x.value === 9200).sourceQuote).toContain('近9200公里');
    // "Over 6,600", "over 6,700" and 6,704.4 at end-2022 can all be true: no conflict.
    for (const r of rail.readings.filter((x: any) => x.asOf === '2022-12-31')) expect(r.conflictsWith).toEqual([]);
    for (const r of rail.readings) expect(r.source).not.toBeNull();
  });

  it('keeps 95 and 97 inter-provincial bus lines at end-2022 side by side, each with its source, as a conflict', async () => {
    const res = await t.gql(`{ indicator(code: "yrd-adjacent-interprovincial-bus-lines") { hasConflicts
      readings { value asOf source { url } conflictsWith { value source { url } } } } }`);
    expect(res.errors).toBeUndefined();
    const endOf2022 = res.data.indicator.readings.filter((r: any) => r.asOf === '2022-12-31');
    expect(endOf2022.map((r: any) => r.value).sort()).toEqual([95, 97]);
    expect(res.data.indicator.hasConflicts).toBe(true);
    for (const r of endOf2022)
      expect(r.conflictsWith).toEqual([{ value: r.value === 95 ? 97 : 95, source: expect.objectContaining({ url: expect.any(String) }) }]);
    expect(endOf2022[0].source.url).not.toBe(endOf2022[1].source.url);
  });

  it('lists the four regions in order', async () => {
    const res = await t.gql('{ regions { code name nameEn abbreviation } }');
    expect(res.data.regions.map((r: any) => r.code + r.abbreviation)).toEqual(['SH沪', 'JS苏', 'ZJ浙', 'AH皖']);
  });
});
