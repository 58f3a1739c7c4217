// Fixtures built through the admin mutations themselves, for the write-path suites. Every code is unique,
// so suites sharing one database never collide and never touch seed records.
import { dbKey, expectError, GqlReply, TestApp, uniq } from './test-app';

export const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id code round title titleEn issuer periodStart periodEnd declaredTaskCount issuedOn } }`;
export const CREATE_AREA = `mutation($input: CreateAreaInput!) { createArea(input: $input) { id code ordinal name nameEn declaredTaskCount note plan { code } } }`;
export const TASK_FIELDS = `id code title titleEn description status progress version areaBasis leadAgencies startDate dueDate archivedAt
  area { code } parent { id } leadRegions { code } plan { code }`;
export const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
export const UPDATE_TASK = `mutation($input: UpdateTaskInput!) { updateTask(input: $input) { ${TASK_FIELDS} } }`;
export const ARCHIVE_TASK = `mutation($input: ArchiveTaskInput!) { archiveTask(input: $input) { ${TASK_FIELDS} } }`;
export const RECORD_UPDATE = `mutation($input: RecordTaskUpdateInput!) { recordTaskUpdate(input: $input) { id version status progress } }`;
export const HISTORY = `query($id: ID!) { task(id: $id) { version history(first: 20) { totalCount edges { node { version origin author changedFields statusFrom statusTo } } } } }`;

function ok<T>(res: { data?: any; errors?: unknown }, field: string): T {
  if (res.errors) throw new Error(`${field} failed: ${JSON.stringify(res.errors)}`);
  return res.data[field];
}

export async function createPlan(t: TestApp, input: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const res = await t.gql(CREATE_PLAN, { input: { code: `p-${uniq()}`, round: 9, title: '测试计划', periodStart: 2024, periodEnd: 2026, ...input } });
  return ok(res, 'createPlan');
}

let nextOrdinal = 1;

export async function createArea(t: TestApp, planCode: string, input: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const res = await t.gql(CREATE_AREA, { input: { planCode, code: `a-${uniq()}`, ordinal: nextOrdinal++, name: '测试方面', ...input } });
  return ok(res, 'createArea');
}

export async function createTask(t: TestApp, planCode: string, input: Record<string, unknown> = {}): Promise<{ id: string; code: string; version: number }> {
  const res = await t.gql(CREATE_TASK, { input: { planCode, code: `t-${uniq()}`, title: '测试任务', ...input } });
  return ok(res, 'createTask');
}

/** Version, status, progress and history count of a task, straight from the database. */
export async function taskState(t: TestApp, id: string | number) {
  if (typeof id === 'string' && !/^\d+$/.test(id)) id = dbKey(id);
  const [row] = await t.ds.query(
    `SELECT version, status, progress, title, archived_at IS NOT NULL AS archived,
       (SELECT count(*)::int FROM task_update u WHERE u.task_id = t.id) AS history
     FROM task t WHERE id = $1`,
    [id],
  );
  return row as { version: number; status: string; progress: number | null; title: string; archived: boolean; history: number };
}

/** Tomorrow in UTC, YYYY-MM-DD. */
export const tomorrow = () => new Date(Date.now() + 86400000).toISOString().slice(0, 10);

/**
 * A coded error that names the field: in extensions.field or the message. A RegExp is matched against the
 * message instead, for values graphql-js refuses while coercing variables (its message names the type).
 */
export function expectFieldError(res: GqlReply, code: string, field: string | RegExp) {
  expectError(res, code);
  const e = res.errors![0];
  if (field instanceof RegExp) expect(e.message).toMatch(field);
  else expect([e.extensions.field, e.message]).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
}

/** The messages graphql-js gives a value of the wrong type, before any resolver runs. */
export const NOT_AN_INT = /Int cannot represent/;
export const NOT_A_DATE = /LocalDate must be/;
export const NOT_IN_ENUM = /does not exist in "\w+" enum/;

/** Table rows for it.each with a short label: `{ field, bad, label }`. */
export function badCases(rows: [string | RegExp, Record<string, unknown>][]) {
  return rows.map(([field, bad]) => {
    const json = JSON.stringify(bad);
    return { field, bad, label: json.length > 60 ? `${json.slice(0, 40)}…(${json.length} chars)` : json };
  });
}
