// Records entered through the API may keep the sentence of their source they rest on (issue 10): optional,
// trimmed, at most 1000 characters, and served back on the record.
import { bootTestApp, TestApp, uniq } from './support/test-app';
import { createPlan, expectFieldError } from './support/admin-fixtures';

describe('sourceQuote on records entered through the API', () => {
  let t: TestApp;
  let planCode: string;
  let ordinal = 0;

  beforeAll(async () => {
    t = await bootTestApp();
    planCode = (await createPlan(t)).code;
  });
  afterAll(async () => t.close());

  const QUOTE = '共计9方面、165项重点任务';
  const cases: { name: string; mutation: string; input: () => Record<string, unknown>; read: string }[] = [
    {
      name: 'createPlan',
      read: 'createPlan',
      mutation: 'mutation($input: CreatePlanInput!) { createPlan(input: $input) { sourceQuote } }',
      input: () => ({ code: `p-${uniq()}`, round: 9, title: '测试计划', periodStart: 2024, periodEnd: 2026 }),
    },
    {
      name: 'createArea',
      read: 'createArea',
      mutation: 'mutation($input: CreateAreaInput!) { createArea(input: $input) { sourceQuote } }',
      input: () => ({ planCode, code: `a-${uniq()}`, ordinal: ++ordinal, name: '测试方面' }),
    },
    {
      name: 'createTask',
      read: 'createTask',
      mutation: 'mutation($input: CreateTaskInput!) { createTask(input: $input) { sourceQuote } }',
      input: () => ({ planCode, code: `t-${uniq()}`, title: '测试任务' }),
    },
    {
      name: 'recordEvaluation',
      read: 'recordEvaluation',
      mutation: 'mutation($input: RecordEvaluationInput!) { recordEvaluation(input: $input) { sourceQuote } }',
      input: () => ({ planCode, evaluatedOn: '2025-12-31', evaluatedOnPrecision: 'YEAR' }),
    },
  ];

  it.each(cases)('$name stores the quote trimmed and serves it; null when none is given', async ({ mutation, input, read }) => {
    const withQuote = await t.gql(mutation, { input: { ...input(), sourceQuote: `  ${QUOTE}\n` } });
    expect(withQuote.errors).toBeUndefined();
    expect(withQuote.data[read].sourceQuote).toBe(QUOTE);
    const without = await t.gql(mutation, { input: input() });
    expect(without.errors).toBeUndefined();
    expect(without.data[read].sourceQuote).toBeNull();
  });

  it.each(cases)('$name refuses a quote over 1000 characters or only blanks with BAD_USER_INPUT naming sourceQuote', async ({ mutation, input }) => {
    expectFieldError(await t.gql(mutation, { input: { ...input(), sourceQuote: '近'.repeat(1001) } }), 'BAD_USER_INPUT', 'sourceQuote');
    expectFieldError(await t.gql(mutation, { input: { ...input(), sourceQuote: ' \n ' } }), 'BAD_USER_INPUT', 'sourceQuote');
  });
});
