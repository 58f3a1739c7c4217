// Invariants of the seed data set itself (issue 10), checked without a database: every record cites a real source
// and the sentence it rests on, qualifiers agree with the words of that sentence, statuses are ones a source states.
import { figurePhrase, qualifierFromPhrase, statusesStatedIn } from '../src/seed/seed-wording';
import type { SeedReading, SeedSource } from '../src/seed/seed.types';
import { yrdDataSet as data } from '../src/seed/yrd-data-set';
import { yrdSeed } from '../src/seed/yrd.seed';

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const sourceByKey = new Map(data.sources.map((s) => [s.key, s]));

/** Every reading of the set with where it sits, for messages. */
const readings: [string, 'ACTUAL' | 'TARGET' | 'BASELINE', SeedReading][] = [
  ...data.indicators.flatMap((i) => [
    ...i.readings.map((r): [string, 'ACTUAL', SeedReading] => [i.code, 'ACTUAL', r]),
    ...(i.target ? [[i.code, 'TARGET', i.target] as [string, 'TARGET', SeedReading]] : []),
    ...(i.baseline ? [[i.code, 'BASELINE', i.baseline] as [string, 'BASELINE', SeedReading]] : []),
  ]),
  ...(data.readings ?? []).map((a): [string, 'ACTUAL' | 'TARGET', SeedReading] => [a.indicatorCode, a.kind === 'target' ? 'TARGET' : 'ACTUAL', a.reading]),
];

/** Every record that cites a source, as [label, sourceKey, sourceQuote]. */
const cited: [string, string, string][] = [
  ...data.plans.map((p): [string, string, string] => [`plan ${p.code}`, p.sourceKey, p.sourceQuote]),
  ...data.areas.map((a): [string, string, string] => [`area ${a.planCode}/${a.code}`, a.sourceKey, a.sourceQuote]),
  ...data.tasks.map((t): [string, string, string] => [`task ${t.planCode}/${t.code}`, t.sourceKey, t.sourceQuote]),
  ...data.evaluations.map((e): [string, string, string] => [`evaluation ${e.planCode} ${e.evaluatedOn}`, e.sourceKey, e.sourceQuote]),
  ...readings.map(([code, kind, r]): [string, string, string] => [`${kind} ${code} ${r.asOf} ${r.value}`, r.sourceKey, r.sourceQuote]),
  ...data.taskUpdates.map((u): [string, string, string] => [`update ${u.taskCode} ${u.occurredOn}`, u.sourceKey, u.sourceQuote]),
];

describe('seed data set: sources', () => {
  it('has no placeholder source: every source has a title, publisher, http(s) URL and a date', () => {
    const bad = (s: SeedSource) =>
      !s.title.trim() ||
      !s.publisher.trim() ||
      !/^https?:\/\/\S+$/.test(s.url) ||
      !isDate(s.publishedOn) ||
      /unattributed|placeholder|not named in the reference|^unknown/i.test(`${s.key} ${s.title} ${s.publisher}`);
    expect(data.sources.filter(bad).map((s) => s.key)).toEqual([]);
  });

  it('marks a repost on a third-party site as one in its note', () => {
    const reposts = data.sources.filter((s) => /reposted on|repost/i.test(s.publisher));
    expect(reposts.length).toBeGreaterThan(5);
    for (const s of reposts) expect([s.key, s.note]).toEqual([s.key, expect.stringMatching(/mirror|repost/i)]);
  });

  it('defines each source key once and cites every source it defines', () => {
    const keys = data.sources.map((s) => s.key);
    expect(keys.length).toBe(new Set(keys).size);
    const citedKeys = new Set(cited.map(([, key]) => key));
    expect(keys.filter((k) => !citedKeys.has(k))).toEqual([]);
  });
});

describe('seed data set: every record rests on a quote from a real source', () => {
  it.each(cited)('%s cites a defined source and a non-empty quote of at most 1000 characters', (_label, key, quote) => {
    expect(sourceByKey.has(key)).toBe(true);
    expect(quote.trim()).toBe(quote);
    expect(quote.length).toBeGreaterThan(0);
    expect(quote.length).toBeLessThanOrEqual(1000);
  });

  it('quotes a Chinese source in Chinese and an English one in English', () => {
    const cjk = /[\u4e00-\u9fff]/;
    const mismatched = cited.filter(([, key, quote]) => {
      const s = sourceByKey.get(key)!;
      return cjk.test(s.title) !== cjk.test(quote) && !s.title.startsWith('(no title');
    });
    expect(mismatched.map(([label]) => label)).toEqual([]);
  });
});

describe('qualifierFromPhrase', () => {
  it.each([
    ['超7100公里', 'OVER'],
    ['已超7600公里', 'OVER'],
    ['超过200个', 'OVER'],
    ['1300余万人次', 'OVER'],
    ['8000餘家', 'OVER'],
    ['170余项', 'OVER'],
    ['90%以上', 'OVER'],
    ['60万个以上', 'OVER'],
    ['1.5万余家', 'OVER'],
    ['突破1.5万公里', 'OVER'],
    ['逾5000人', 'OVER'],
    ['300多家', 'OVER'],
    ['over 46 million', 'OVER'],
    ['近9200公里', 'ABOUT'],
    ['约8000公里', 'ABOUT'],
    ['約8000公里', 'ABOUT'],
    ['5000人左右', 'ABOUT'],
    ['about 8,000 km', 'ABOUT'],
    ['不少于50项', 'AT_LEAST'],
    ['至少3个', 'AT_LEAST'],
    ['at least 10', 'AT_LEAST'],
    ['不超过1.9', 'AT_MOST'],
    ['1.9以内', 'AT_MOST'],
    ['1.9之内', 'AT_MOST'],
    ['41个地级及以上城市', 'EXACT'],
    ['4997公里', 'EXACT'],
    ['46441台(套)', 'EXACT'],
    ['首批12家', 'EXACT'],
    ['4,150 km', 'EXACT'],
    ['152个政务服务事项', 'EXACT'],
  ])('reads "%s" as %s', (phrase, qualifier) => {
    expect(qualifierFromPhrase(phrase)).toBe(qualifier);
  });

  it('finds the figure in a quote however the source writes it', () => {
    expect(figurePhrase('截至2022年底,已累计结算1300余万人次', 13000000)).toBe('已累计结算1300余万人次');
    expect(figurePhrase('compared with 4,150 km in 2018', 4150)).toBe('compared with 4,150 km in 2018');
    expect(figurePhrase('截至2022年底,长三角高铁营业里程超6600公里', 2022)).toBe('截至2022年底');
    expect(figurePhrase('其中高铁达6704.4公里', 6704)).toBeNull();
  });
});

describe('seed data set: figures', () => {
  it.each(readings)('%s %s reading: its qualifier agrees with the words of its quote', (_code, _kind, r) => {
    const phrase = figurePhrase(r.sourceQuote, r.value);
    expect(phrase).not.toBeNull();
    expect([phrase, qualifierFromPhrase(phrase as string)]).toEqual([phrase, r.qualifier]);
    expect(isDate(r.asOf)).toBe(true);
  });

  it("keeps each evaluation's completion bound as its quote words it", () => {
    for (const e of data.evaluations.filter((x) => x.completion)) {
      const phrase = figurePhrase(e.sourceQuote, e.completion!.value) as string;
      expect(qualifierFromPhrase(phrase)).toBe(e.completion!.qualifier);
      if (e.taskCount !== null) expect(e.sourceQuote).toContain(String(e.taskCount));
    }
  });

  it('never dates a reading after the source that states it', () => {
    const late = readings.filter(([, kind, r]) => kind === 'ACTUAL' && r.asOf > sourceByKey.get(r.sourceKey)!.publishedOn);
    expect(late.map(([code, , r]) => `${code} ${r.asOf}`)).toEqual([]);
  });

  it('keeps conflicting 2025 high-speed-rail targets from three plans, each with its own source', () => {
    const targets = readings.filter(([code, kind, r]) => code === 'yrd-hsr-operating-km' && kind === 'TARGET' && r.asOf === '2025-12-31');
    const byValue = new Map(targets.map(([, , r]) => [r.value, r.sourceKey]));
    expect(byValue.get(9200)).toBe('yrd-rail-14fyp-mirror');
    expect(yrdSeed.indicators.find((i) => i.code === 'yrd-hsr-operating-km')!.target!.note).toMatch(/8,000.*9,500/);
  });
});

describe('seed data set: catalogue and statuses', () => {
  it('never catalogues more tasks than an area or a plan declares', () => {
    for (const a of data.areas.filter((x) => x.declaredTaskCount !== null)) {
      const n = data.tasks.filter((t) => t.planCode === a.planCode && t.areaCode === a.code).length;
      expect([a.code, n <= (a.declaredTaskCount as number)]).toEqual([a.code, true]);
    }
    for (const p of data.plans.filter((x) => x.declaredTaskCount !== null)) {
      expect(data.tasks.filter((t) => t.planCode === p.code).length).toBeLessThanOrEqual(p.declaredTaskCount as number);
    }
  });

  it('states the area of a STATED or BRIEFING_ORDER task and none for NOT_STATED', () => {
    for (const t of data.tasks) {
      expect([t.code, t.areaBasis === 'NOT_STATED', t.areaCode === null]).toEqual([t.code, t.areaBasis === 'NOT_STATED', t.areaBasis === 'NOT_STATED']);
      if (t.areaBasis === 'BRIEFING_ORDER') expect(t.sourceNote).toMatch(/area from briefing order/);
    }
  });

  it('records only statuses its quotes state, for tasks that exist, dated no later than their sources', () => {
    const problems = data.taskUpdates.flatMap((u) => {
      const label = `${u.taskCode} ${u.occurredOn}`;
      return [
        ...(statusesStatedIn(u.sourceQuote).includes(u.status) ? [] : [`${label}: no word for ${u.status} in "${u.sourceQuote}"`]),
        ...(data.tasks.some((t) => t.planCode === u.planCode && t.code === u.taskCode) ? [] : [`${label}: no such task`]),
        ...(isDate(u.occurredOn) && u.occurredOn <= sourceByKey.get(u.sourceKey)!.publishedOn ? [] : [`${label}: after its source`]),
        ...(u.progress === null || (Number.isInteger(u.progress) && u.progress >= 0 && u.progress <= 100) ? [] : [`${label}: progress`]),
      ];
    });
    expect(problems).toEqual([]);
  });

  it.each([
    ['17條斷頭路中已有16條建成通車', 'IN_PROGRESS'],
    ['三省一市发展改革委签署的框架协议', 'IN_PROGRESS'],
    ['已全部建成通车', 'COMPLETED'],
  ])('reads "%s" as supporting %s', (quote, status) => {
    expect(statusesStatedIn(quote)).toContain(status);
  });

  it('finds no status in words that state none', () => {
    expect(statusesStatedIn('探索建立跨区域排污权交易制度')).toEqual([]);
  });
});

describe("seed data set: the audit's fixes (issue 10, section 6)", () => {
  const task = (code: string) => yrdSeed.tasks.find((t) => t.code === code);
  const reading = (code: string, asOf?: string) => yrdSeed.indicators.find((i) => i.code === code)!.readings.filter((r) => !asOf || r.asOf === asOf);

  it('reads "1300余万" as OVER 13 million', () => {
    expect(reading('yrd-outpatient-direct-settlement-visits', '2022-12-31')).toEqual([expect.objectContaining({ value: 13000000, qualifier: 'OVER' })]);
  });

  it('dates readings by their sources: 152 at 2023-11-30 and 2024-01-27, 16 roads at the 2024-07-25 briefing, no invented 2020 target', () => {
    expect(
      reading('yrd-cross-province-one-stop-services')
        .filter((r) => r.value === 152)
        .map((r) => r.asOf),
    ).toEqual(['2023-11-30', '2024-01-27']);
    expect(reading('yrd-dead-end-roads-opened').find((r) => r.value === 16)).toMatchObject({ asOf: '2024-07-25', asOfPrecision: 'DAY' });
    expect(yrdSeed.indicators.find((i) => i.code === 'yrd-dead-end-roads-opened')!.target).toBeNull();
  });

  it('moves the Singapore/Finland projects to area 1 and the four mechanism tasks to area 3, as their sources state', () => {
    expect(task('R3-A5-01')).toMatchObject({ areaCode: 'A1', areaBasis: 'STATED' });
    for (const code of ['R3-X-01', 'R3-X-02', 'R3-X-03', 'R3-X-06']) expect(task(code)).toMatchObject({ areaCode: 'A3', areaBasis: 'STATED' });
    for (const code of ['R3-A1-01', 'R3-A1-03', 'R3-A1-04', 'R3-A1-05', 'R3-A2-01', 'R3-A2-02', 'R3-A2-03', 'R3-A2-05', 'R3-A8-04', 'R3-A8-07']) {
      expect([code, task(code)!.areaBasis]).toEqual([code, 'STATED']);
    }
    expect(task('R3-A7-01')).toMatchObject({ areaCode: null, areaBasis: 'NOT_STATED' });
  });

  it('keeps titles as the sources word them', () => {
    expect(task('R3-A1-02')!.title).toContain('杭州—宁波创建');
    expect(task('R3-X-02')!.title).toMatch(/^探索/);
    expect(`${task('R3-X-09')!.title} ${task('R3-X-09')!.description}`).not.toMatch(/在建/);
    expect(task('R3-A6-07')!.title).toContain('建设方案');
    expect(task('R3-A8-07')!.title).toContain('嘉昆太协同创新核心圈');
    expect(task('R3-X-05')!.title).toContain('案例通报和归集制度');
    expect(task('R3-A7-01')!.description).toContain('跟着考古去旅游');
  });

  it('removes the records whose only support could not be found, and brings back only those a found source names', () => {
    for (const code of ['R1-02', 'R1-03', 'R2-02', 'R3-A7-02', 'R3-A7-03']) expect(task(code)).toBeUndefined();
    for (const code of ['R1-02', 'R1-03', 'R2-02']) {
      const back = data.tasks.find((t) => t.code === code);
      if (back) expect(back.sourceQuote).toMatch(/第[一二]轮三年行动计划中提出|「/);
    }
    const values = yrdSeed.indicators.flatMap((i) => i.readings.map((r) => `${i.code}:${r.value}`));
    for (const gone of [
      'yrd-cross-province-one-stop-services:173',
      'yrd-outpatient-direct-settlement-visits:38000000',
      'yrd-shared-large-instruments:26733',
      'yrd-joint-rnd-projects:72',
    ])
      expect(values).not.toContain(gone);
    expect(yrdSeed.sources.map((s) => s.key)).not.toContain('joint-rnd-mirror-2025');
  });
});
