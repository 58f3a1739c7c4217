// Search for Chinese users (issue 15): traditional and simplified characters find each other, full-width Latin and
// digits find ASCII; every write path keeps the folded search column in step with the titles.
import { taskSearchText } from '../src/tasks/search-folding';
import { createPlan, createTask, UPDATE_TASK } from './support/admin-fixtures';
import { bootTestApp, TestApp, uniq } from './support/test-app';

const SEARCH = `query($plan: String, $search: String!) { tasks(planCode: $plan, filter: { search: $search }, first: 50) {
  totalCount edges { node { code } } } }`;
const IMPORT = `mutation($input: ImportTasksInput!) { importTasks(input: $input) { created updated unchanged errors { row column message } } }`;

describe('search folds traditional characters and full-width forms', () => {
  let t: TestApp;
  let planCode: string;

  async function codes(search: string, plan: string | null = planCode): Promise<string[]> {
    const res = await t.gql(SEARCH, { plan, search });
    expect(res.errors).toBeUndefined();
    expect(res.data.tasks.totalCount).toBe(res.data.tasks.edges.length);
    return res.data.tasks.edges.map((e: { node: { code: string } }) => e.node.code).sort();
  }

  /** Tasks of these plans whose stored search text is not the fold of their titles. */
  async function outOfStep(planCodes: string[]) {
    const rows: { code: string; title: string; title_en: string | null; search_text: string }[] = await t.ds.query(
      `SELECT t.code, t.title, t.title_en, t.search_text FROM task t JOIN plan p ON p.id = t.plan_id WHERE p.code = ANY($1) ORDER BY t.id`,
      [planCodes],
    );
    expect(rows.length).toBeGreaterThan(0);
    return rows.filter((r) => r.search_text !== taskSearchText(r.title, r.title_en));
  }

  beforeAll(async () => {
    t = await bootTestApp();
    planCode = (await createPlan(t)).code;
    await createTask(t, planCode, { code: 'S-SIMPLIFIED', title: '长三角生态绿色一体化发展示范区', titleEn: 'YRD demonstration zone, phase 2025' });
    await createTask(t, planCode, { code: 'S-TRADITIONAL', title: '長三角地區一體化發展三年行動計劃', titleEn: 'Three-year action plan' });
    await createTask(t, planCode, { code: 'S-FULLWIDTH', title: 'Ｇ６０科创走廊（２０２５年）', titleEn: null });
    await createTask(t, planCode, { code: 'S-OTHER', title: '太湖流域水环境综合治理', titleEn: 'Taihu basin' });
  });
  afterAll(async () => t.close());

  it('finds simplified titles with a traditional query, and traditional titles with a simplified one', async () => {
    expect(await codes('長三角')).toEqual(['S-SIMPLIFIED', 'S-TRADITIONAL']);
    expect(await codes('长三角')).toEqual(['S-SIMPLIFIED', 'S-TRADITIONAL']);
    expect(await codes('一體化發展')).toEqual(['S-SIMPLIFIED', 'S-TRADITIONAL']);
    expect(await codes('三年行动计划')).toEqual(['S-TRADITIONAL']);
    expect(await codes('太湖流域水環境')).toEqual(['S-OTHER']);
  });

  it('finds ASCII with full-width Latin letters and digits, and full-width text with ASCII', async () => {
    expect(await codes('ＹＲＤ')).toEqual(['S-SIMPLIFIED']);
    expect(await codes('２０２５')).toEqual(['S-FULLWIDTH', 'S-SIMPLIFIED']);
    expect(await codes('yrd demonstration')).toEqual(['S-SIMPLIFIED']);
    expect(await codes('g60科创')).toEqual(['S-FULLWIDTH']);
    expect(await codes('（2025年）')).toEqual(['S-FULLWIDTH']);
    // The ideographic space is a space: leading and trailing ones are trimmed like ASCII ones.
    expect(await codes('\u3000ｔａｉｈｕ\u3000ＢＡＳＩＮ\u3000')).toEqual(['S-OTHER']);
  });

  it('finds a seeded task by the traditional spelling of its simplified title', async () => {
    expect(await codes('新一輪太湖流域', 'yrd-2024-2026')).toEqual(['R3-A6-03']);
  });

  it('keeps the folded text in step on every write path: create, update, import and seed', async () => {
    // Update: the title, then the English title alone, then the English title cleared.
    const { id } = (await t.gql(`{ taskByCode(planCode: "${planCode}", code: "S-OTHER") { id } }`)).data.taskByCode;
    const update = async (version: number, fields: Record<string, unknown>) => {
      const res = await t.gql(UPDATE_TASK, { input: { id, expectedVersion: version, ...fields } });
      expect(res.errors).toBeUndefined();
    };
    await update(1, { title: '太湖流域水環境綜合治理（新一輪）' });
    expect(await codes('新一轮')).toEqual(['S-OTHER']);
    await update(2, { titleEn: 'ＴＡＩＨＵ ＬＡＫＥ' });
    expect(await codes('taihu lake')).toEqual(['S-OTHER']);
    expect(await codes('taihu basin')).toEqual([]);
    await update(3, { titleEn: null });
    expect(await codes('taihu')).toEqual([]);
    expect(await codes('綜合治理')).toEqual(['S-OTHER']);

    // Import: a new task, and an update of an existing one's titles.
    const csv = ['code,title,titleEn', 'S-IMPORTED,滬蘇浙皖協同推進,ＳＨＡＲＥＤ ＷＯＲＫ', 'S-TRADITIONAL,長三角行動計劃（修訂）,Revised plan'].join('\n');
    const res = await t.gql(IMPORT, { input: { planCode, format: 'CSV', content: csv, dryRun: false } });
    expect(res.data.importTasks).toEqual({ created: 1, updated: 1, unchanged: 0, errors: [] });
    expect(await codes('沪苏浙皖')).toEqual(['S-IMPORTED']);
    expect(await codes('shared work')).toEqual(['S-IMPORTED']);
    expect(await codes('长三角行动计划(修订)')).toEqual(['S-TRADITIONAL']);
    expect(await codes('三年行动计划')).toEqual([]);

    // Seed (loaded at start-up) and every write above: the stored text is the fold of the titles, row by row.
    expect(await outOfStep([planCode, 'yrd-2018-2020', 'yrd-2021-2023', 'yrd-2024-2026'])).toEqual([]);
  });

  it('refuses a task written without its folded text rather than hiding it from search', async () => {
    const [{ id: planId }] = await t.ds.query('SELECT id FROM plan WHERE code = $1', [planCode]);
    await expect(t.ds.query(`INSERT INTO task (plan_id, code, title) VALUES ($1, $2, '漏掉的任务')`, [planId, `S-RAW-${uniq()}`])).rejects.toThrow(
      /search_text/,
    );
  });
});
