// Admin writes to the catalogue around the tasks: plans, areas and evaluations.
import { bootTestApp, dbKey, expectError, nodeId, TestApp, uniq } from './support/test-app';
import { CREATE_AREA, CREATE_PLAN, createArea, createPlan, badCases, expectFieldError, NOT_A_DATE, NOT_AN_INT, tomorrow } from './support/admin-fixtures';

const UPDATE_AREA = `mutation($input: UpdateAreaInput!) { updateArea(input: $input) { id code ordinal name nameEn declaredTaskCount note } }`;
const RECORD_EVALUATION = `mutation($input: RecordEvaluationInput!) { recordEvaluation(input: $input) {
  id evaluatedOn evaluatedOnPrecision taskCount completion { value qualifier } note source { title url } } }`;

describe('admin CRUD', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => t.close());

  const planCount = async () => (await t.ds.query('SELECT count(*)::int AS n FROM plan'))[0].n as number;

  describe('createPlan', () => {
    it('adds a plan that the read API then serves', async () => {
      const code = `crud-${uniq()}`;
      const res = await t.gql(CREATE_PLAN, {
        input: {
          code,
          round: 4,
          title: '长三角一体化 2027—2029',
          titleEn: 'YRD 2027–2029',
          issuer: '推动长三角一体化发展领导小组办公室',
          periodStart: 2027,
          periodEnd: 2029,
          declaredTaskCount: 150,
          issuedOn: '2026-07-01',
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createPlan).toMatchObject({ code, round: 4, periodStart: 2027, periodEnd: 2029, declaredTaskCount: 150, issuedOn: '2026-07-01' });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { code title titleEn issuer catalogedTaskCount areas { code } } }`, { code });
      expect(read.data.plan).toEqual({
        code,
        title: '长三角一体化 2027—2029',
        titleEn: 'YRD 2027–2029',
        issuer: '推动长三角一体化发展领导小组办公室',
        catalogedTaskCount: 0,
        areas: [],
      });
    });

    it('refuses a code that is already taken with CONFLICT naming code', async () => {
      const { code } = await createPlan(t);
      const before = await planCount();
      const res = await t.gql(CREATE_PLAN, { input: { code, round: 1, title: 'dup', periodStart: 2024, periodEnd: 2026 } });
      expectFieldError(res, 'CONFLICT', 'code');
      expect(await planCount()).toBe(before);
    });

    it.each(
      badCases([
        ['code', { code: 'has space' }],
        ['code', { code: '-leading-dash' }],
        ['code', { code: 'x'.repeat(65) }],
        ['round', { round: 0 }],
        ['title', { title: '' }],
        ['title', { title: '   ' }],
        ['title', { title: 'x'.repeat(501) }],
        ['periodStart', { periodStart: 1800 }],
        ['periodEnd', { periodEnd: 2023 }],
        ['declaredTaskCount', { declaredTaskCount: -1 }],
        [NOT_A_DATE, { issuedOn: '2024-02-30' }],
        [NOT_AN_INT, { round: 1.5 }],
      ]),
    )('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const before = await planCount();
      const res = await t.gql(CREATE_PLAN, { input: { code: `crud-${uniq()}`, round: 1, title: 'ok', periodStart: 2024, periodEnd: 2026, ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      expect(await planCount()).toBe(before);
    });
  });

  describe('createArea and updateArea', () => {
    it('adds an area under its plan, in order', async () => {
      const plan = await createPlan(t);
      await createArea(t, plan.code, { code: 'B', ordinal: 2, name: '第二' });
      const res = await t.gql(CREATE_AREA, {
        input: { planCode: plan.code, code: 'A', ordinal: 1, name: '第一', nameEn: 'First', declaredTaskCount: 12, note: '说明' },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createArea).toMatchObject({
        code: 'A',
        ordinal: 1,
        name: '第一',
        nameEn: 'First',
        declaredTaskCount: 12,
        note: '说明',
        plan: { code: plan.code },
      });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { areas { code ordinal } } }`, { code: plan.code });
      expect(read.data.plan.areas).toEqual([
        { code: 'A', ordinal: 1 },
        { code: 'B', ordinal: 2 },
      ]);
    });

    it('refuses an unknown plan with NOT_FOUND', async () => {
      expectError(await t.gql(CREATE_AREA, { input: { planCode: `nope-${uniq()}`, code: 'A', ordinal: 1, name: 'x' } }), 'NOT_FOUND');
    });

    it('refuses a taken code or ordinal with CONFLICT naming the field, and allows the same code in another plan', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      await createArea(t, plan.code, { code: 'A', ordinal: 1 });
      expectFieldError(await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'A', ordinal: 2, name: 'x' } }), 'CONFLICT', 'code');
      expectFieldError(await t.gql(CREATE_AREA, { input: { planCode: plan.code, code: 'B', ordinal: 1, name: 'x' } }), 'CONFLICT', 'ordinal');
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM area a JOIN plan p ON p.id = a.plan_id WHERE p.code = $1', [plan.code]);
      expect(n).toBe(1);
      expect((await t.gql(CREATE_AREA, { input: { planCode: other.code, code: 'A', ordinal: 1, name: 'x' } })).errors).toBeUndefined();
    });

    it('changes only the fields given, and null clears a nullable field', async () => {
      const plan = await createPlan(t);
      const area = await createArea(t, plan.code, { code: 'A', ordinal: 1, name: '旧', nameEn: 'Old', note: 'n' });
      const res = await t.gql(UPDATE_AREA, { input: { id: area.id, name: '新', nameEn: null, declaredTaskCount: 7 } });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateArea).toEqual({ id: area.id, code: 'A', ordinal: 1, name: '新', nameEn: null, declaredTaskCount: 7, note: 'n' });
    });

    it('refuses bad area edits with a coded error naming the field', async () => {
      const plan = await createPlan(t);
      const other = await createPlan(t);
      const area = await createArea(t, plan.code, { code: 'A', ordinal: 1, name: '名' });
      await createArea(t, plan.code, { code: 'B', ordinal: 2 });
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, name: null } }), 'BAD_USER_INPUT', 'name');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, ordinal: 0 } }), 'BAD_USER_INPUT', 'ordinal');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, code: 'B' } }), 'CONFLICT', 'code');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, ordinal: 2 } }), 'CONFLICT', 'ordinal');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id, planCode: other.code, name: 'x' } }), 'BAD_USER_INPUT', 'planCode');
      expectFieldError(await t.gql(UPDATE_AREA, { input: { id: area.id } }), 'BAD_USER_INPUT', 'input');
      expectError(await t.gql(UPDATE_AREA, { input: { id: nodeId('Area', 999999999), name: 'x' } }), 'NOT_FOUND');
      const [row] = await t.ds.query('SELECT code, ordinal, name FROM area WHERE id = $1', [dbKey(area.id)]);
      expect(row).toEqual({ code: 'A', ordinal: 1, name: '名' });
    });
  });

  describe('recordEvaluation', () => {
    it('records an evaluation with its bounded completion and its source', async () => {
      const plan = await createPlan(t);
      const url = `https://example.org/eval/${uniq()}`;
      const res = await t.gql(RECORD_EVALUATION, {
        input: {
          planCode: plan.code,
          evaluatedOn: '2025-12-31',
          evaluatedOnPrecision: 'YEAR',
          taskCount: 165,
          completion: { value: 0.9, qualifier: 'OVER' },
          note: '全面体检',
          sourceTitle: '新闻发布会',
          sourceUrl: url,
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordEvaluation).toMatchObject({
        evaluatedOn: '2025-12-31',
        evaluatedOnPrecision: 'YEAR',
        taskCount: 165,
        completion: { value: 0.9, qualifier: 'OVER' },
        note: '全面体检',
        source: { title: '新闻发布会', url },
      });
      const read = await t.gql(`query($code: String!) { plan(code: $code) { evaluations { evaluatedOn completion { value qualifier } } } }`, {
        code: plan.code,
      });
      expect(read.data.plan.evaluations).toEqual([{ evaluatedOn: '2025-12-31', completion: { value: 0.9, qualifier: 'OVER' } }]);
    });

    it('records an evaluation without a completion figure or source', async () => {
      const plan = await createPlan(t);
      const res = await t.gql(RECORD_EVALUATION, { input: { planCode: plan.code, evaluatedOn: '2024-06-30' } });
      expect(res.errors).toBeUndefined();
      expect(res.data.recordEvaluation).toMatchObject({ evaluatedOnPrecision: 'DAY', completion: null, source: null });
    });

    it.each(
      badCases([
        ['completion.value', { completion: { value: 1.5, qualifier: 'OVER' } }],
        ['completion.value', { completion: { value: -0.1, qualifier: 'EXACT' } }],
        ['sourceUrl', { sourceUrl: 'javascript:alert(1)' }],
        ['sourceUrl', { sourceUrl: 'ftp://example.org/x' }],
        ['taskCount', { taskCount: -5 }],
        ['note', { note: 'x'.repeat(4001) }],
        ['evaluatedOn', { evaluatedOn: '2025-06-30', evaluatedOnPrecision: 'YEAR' }],
        ['evaluatedOn', { evaluatedOn: tomorrow() }],
        [NOT_A_DATE, { evaluatedOn: '2024-02-30' }],
        ['planCode', { planCode: 'bad code' }],
      ]),
    )('refuses $label with BAD_USER_INPUT naming the field, and writes nothing', async ({ field, bad }) => {
      const plan = await createPlan(t);
      const res = await t.gql(RECORD_EVALUATION, { input: { planCode: plan.code, evaluatedOn: '2024-12-31', ...bad } });
      expectFieldError(res, 'BAD_USER_INPUT', field);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM evaluation e JOIN plan p ON p.id = e.plan_id WHERE p.code = $1', [plan.code]);
      expect(n).toBe(0);
    });

    it('refuses an unknown plan with NOT_FOUND', async () => {
      expectError(await t.gql(RECORD_EVALUATION, { input: { planCode: `nope-${uniq()}`, evaluatedOn: '2024-12-31' } }), 'NOT_FOUND');
    });
  });
});
