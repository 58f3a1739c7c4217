// SQL for task lists: filters, keyset pagination and the page query. Pure functions, no Nest or TypeORM.
import { TaskStatus } from '../common/domain-enums';
import { isCalendarDate } from '../common/local-date';
import { planTodaySql } from '../common/time-zone';
import { overdueNearToday, overdueOn, tallyColumn } from '../common/sql/task-tally';
import { CursorPosition } from '../common/pagination/cursor';
import { TaskOrder } from './dto/task-filter.input';
import { AREA_SHAPE } from '../areas/area.shape';
import { REGION_SHAPE } from '../regions/region.shape';
import { taskPageRelations } from './task-page-relations';
import { TASK_SHAPE } from './task.shape';
import { foldSearchText } from './search-folding';

/**
 * The task table's columns, named (from TASK_SHAPE): prepared statements must not select `*`, or a column added by a
 * migration while the app runs changes their result type and each fails once per connection ("cached plan must not
 * change result type").
 */
export const TASK_COLUMNS = TASK_SHAPE.columns;

/** TASK_COLUMNS qualified with a table alias, for a select list. */
export const taskColumns = (alias: string) => TASK_SHAPE.select(alias);

/** A task filter; GraphQL passes an explicit null for a field the client set to null, which means "not given". */
export interface TaskQuery {
  planCode?: string | null;
  areaId?: number | null;
  areaCode?: string | null;
  status?: TaskStatus[] | null;
  leadRegion?: string[] | null;
  dueBefore?: string | null;
  dueAfter?: string | null;
  overdue?: boolean | null;
  search?: string | null;
  includeSubtasks?: boolean | null;
  includeArchived?: boolean | null;
  changedSince?: Date | null;
}

interface OrderSpec {
  key: string;
  cast: 'varchar' | 'date' | 'int' | 'timestamptz';
  desc: boolean;
}

const ORDERS: Record<TaskOrder, OrderSpec> = {
  CODE_ASC: { key: 't.code', cast: 'varchar', desc: false },
  CODE_DESC: { key: 't.code', cast: 'varchar', desc: true },
  DUE_DATE_ASC: { key: "COALESCE(t.due_date, '9999-12-31'::date)", cast: 'date', desc: false },
  DUE_DATE_DESC: { key: "COALESCE(t.due_date, '0001-01-01'::date)", cast: 'date', desc: true },
  PROGRESS_ASC: { key: 'COALESCE(t.progress, 101)', cast: 'int', desc: false },
  PROGRESS_DESC: { key: 'COALESCE(t.progress, -1)', cast: 'int', desc: true },
  UPDATED_AT_ASC: { key: 't.updated_at', cast: 'timestamptz', desc: false },
  UPDATED_AT_DESC: { key: 't.updated_at', cast: 'timestamptz', desc: true },
};

// The shapes `(key)::text` takes for each cast; timestamptz text is ISO with the session's UTC offset.
const TIMESTAMPTZ_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const KEY_CHECKS: Record<OrderSpec['cast'], (key: string) => boolean> = {
  varchar: (key) => key.length <= 64,
  date: (key) => isCalendarDate(key),
  int: (key) => /^-?\d{1,3}$/.test(key) && Number(key) >= -1 && Number(key) <= 101,
  timestamptz: (key) => TIMESTAMPTZ_TEXT.test(key),
};

/** True when `key` has the shape of a sort key this order hands out in its cursors. */
export function isSortKey(order: TaskOrder, key: unknown): boolean {
  const spec = ORDERS[order];
  return spec !== undefined && typeof key === 'string' && KEY_CHECKS[spec.cast](key);
}

/**
 * The text `search` looks in: title and English title folded (search-folding.ts), stored by every write in the
 * column `search_text`, which a trigram index serves.
 */
export const TASK_SEARCH_TEXT = 't.search_text';

/** Escapes LIKE wildcards so a search for "100%" finds the text "100%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filter's search folded as the stored text is (search-folding.ts), or null when there is none to apply. */
export function searchTerm(q: Pick<TaskQuery, 'search'>): string | null {
  if (q.search == null) return null;
  const folded = foldSearchText(q.search).trim();
  return folded === '' ? null : folded;
}

/** The WHERE clause for a task filter; overdue means due before the task's plan's today (the date on its clock). */
export function taskWhere(q: TaskQuery, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (!q.includeArchived) where.push('t.archived_at IS NULL');
  if (!q.includeSubtasks) where.push('t.parent_id IS NULL');
  const planCode = q.planCode != null ? p(q.planCode) : null;
  if (planCode) where.push(`t.plan_id = (SELECT id FROM plan WHERE lower(code) = lower(${planCode}))`);
  if (q.areaId != null) where.push(`t.area_id = ${p(q.areaId)}`);
  if (q.areaCode != null) {
    const inPlan = q.planCode != null ? ' AND a.plan_id = t.plan_id' : '';
    where.push(`t.area_id IN (SELECT a.id FROM area a WHERE lower(a.code) = lower(${p(q.areaCode)})${inPlan})`);
  }
  if (q.status?.length) where.push(`t.status = ANY(${p(q.status)}::task_status[])`);
  if (q.leadRegion?.length) {
    where.push(`EXISTS (SELECT 1 FROM task_lead_region lr WHERE lr.task_id = t.id AND lr.region_code = ANY(${p(q.leadRegion)}::varchar[]))`);
  }
  if (q.dueBefore != null) where.push(`t.due_date < ${p(q.dueBefore)}::date`);
  if (q.dueAfter != null) where.push(`t.due_date > ${p(q.dueAfter)}::date`);
  if (q.overdue != null) {
    // One plan: its today once (an init plan). Any plan: each task's own plan's today, read from an array indexed by
    // plan id that an init plan builds once per statement (plans are few and their ids small); a subquery per task
    // cost 0.7 s over 200,000 tasks, the array lookup 50 ms.
    const today = planCode
      ? `(SELECT ${planTodaySql('time_zone')} FROM plan WHERE lower(code) = lower(${planCode}))`
      : `(SELECT array_agg(${planTodaySql('tp.time_zone')} ORDER BY g.id) FROM generate_series(1, (SELECT max(id) FROM plan)) g(id) LEFT JOIN plan tp ON tp.id = g.id)[t.plan_id]`;
    const overdue = `(t.due_date < ${today} AND t.status <> 'COMPLETED')`;
    where.push(q.overdue ? overdue : `NOT COALESCE(${overdue}, false)`);
  }
  // After the instant at the millisecond precision updatedAt is given in: passing back the updatedAt of the last task
  // seen does not list it again (updated_at keeps microseconds; the API's DateTime shows milliseconds).
  if (q.changedSince != null) where.push(`t.updated_at >= ${p(q.changedSince)}::timestamptz + interval '1 millisecond'`);
  const search = searchTerm(q);
  if (search !== null) where.push(`${TASK_SEARCH_TEXT} LIKE ${p(likePattern(search))}`);
  return where.length ? where.join(' AND ') : 'true';
}

/** The filter keys the kept counts can answer (tallyTotalSql); any other key set to a value means counting rows. */
const TALLIED_KEYS = new Set<keyof TaskQuery>(['planCode', 'areaId', 'areaCode', 'status', 'leadRegion', 'overdue', 'includeSubtasks', 'includeArchived']);

/**
 * How many tasks match the filter, as an SQL expression over the counts the writers keep (migration TaskTally), when
 * the filter is one they answer: key tasks only (no archived, no sub-tasks), optionally one plan, one area (by id, by
 * code, or `areaIdSql` for a batch of areas) or one lead region, and statuses or overdue (not both). A few hundred
 * rows read instead of every matching task (200,000 of them for an unfiltered list). Null when the filter needs the
 * tasks themselves (a search, dates, two lead regions, …): the caller counts rows then.
 */
export function tallyTotalSql(q: TaskQuery, params: unknown[], areaIdSql?: string): string | null {
  for (const [key, value] of Object.entries(q)) if (value != null && !TALLIED_KEYS.has(key as keyof TaskQuery)) return null;
  if (q.includeArchived || q.includeSubtasks) return null;
  if (q.overdue != null && q.status?.length) return null;
  const regions = q.leadRegion ?? [];
  const areas = [areaIdSql, q.areaId, q.areaCode].filter((a) => a != null).length;
  if (regions.length > 1 || areas > 1 || (regions.length && areas)) return null;
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const group = (x: string) => {
    const where: string[] = [];
    // Each kind's other key is null: said, so the group indexes (grp, area_id, region_code, …) range over one group.
    if (regions.length) where.push(`${x}.grp = 'R'`, `${x}.area_id IS NULL`, `${x}.region_code = ${p(regions[0])}`);
    else if (areas) where.push(`${x}.grp = 'A'`, `${x}.region_code IS NULL`);
    else where.push(`${x}.grp = 'P'`, `${x}.area_id IS NULL`, `${x}.region_code IS NULL`);
    if (areaIdSql != null) where.push(`${x}.area_id = ${areaIdSql}`);
    if (q.areaId != null) where.push(`${x}.area_id = ${p(q.areaId)}`);
    const plan = q.planCode != null ? `(SELECT id FROM plan WHERE lower(code) = lower(${p(q.planCode)}))` : null;
    if (plan) where.push(`${x}.plan_id = ${plan}`);
    if (q.areaCode != null) {
      where.push(`${x}.area_id IN (SELECT a.id FROM area a WHERE lower(a.code) = lower(${p(q.areaCode)})${plan ? ` AND a.plan_id = ${plan}` : ''})`);
    }
    return where.join(' AND ');
  };
  const tasks = () => {
    const column = q.status?.length ? [...new Set(q.status)].map((s) => `x.${tallyColumn(s)}`).join(' + ') : 'x.tasks';
    return `(SELECT COALESCE(sum(${column}), 0) FROM task_tally x WHERE ${group('x')})`;
  };
  const overdue = () =>
    `(SELECT COALESCE(sum(o.overdue), 0) FROM task_overdue_tally o JOIN plan op ON op.id = o.plan_id
      WHERE ${group('o')} AND ${overdueNearToday('o')} AND ${overdueOn('o', planTodaySql('op.time_zone'))})`;
  if (q.overdue === true) return `(${overdue()})::int`;
  if (q.overdue === false) return `(${tasks()} - ${overdue()})::int`;
  return `(${tasks()})::int`;
}

/** The order a page walks: the order itself, or reversed to page backward (the rows are re-reversed after). */
const walk = (order: TaskOrder, backward: boolean): OrderSpec => (backward ? { ...ORDERS[order], desc: !ORDERS[order].desc } : ORDERS[order]);

/** Keyset condition: rows after the cursor's (sort key, id) in the direction walked. */
function afterPosition(spec: OrderSpec, after: CursorPosition, params: unknown[], keyExpr: string, idExpr: string): string {
  params.push(after.key, after.id);
  return `(${keyExpr}, ${idExpr}) ${spec.desc ? '<' : '>'} ($${params.length - 1}::${spec.cast}, $${params.length}::int)`;
}

/** Relations a page statement carries as JSON, by Task field (`latestUpdate`, …; see task-page-relations.ts), when the query asks for them. */
export type PageIncludes = Readonly<Record<string, boolean | undefined>>;

/**
 * What a connection's selection asks for: relations to carry in the page statement, whether to count, and whether it
 * reads the page at all (`rows: false`: neither `edges` nor `pageInfo`, only the total; no page is read then).
 */
export type ConnectionIncludes = PageIncludes & { totalCount?: boolean; rows?: boolean };

const relationColumns = (include: PageIncludes) => `
      CASE WHEN a.id IS NULL THEN NULL ELSE ${AREA_SHAPE.json('a')} END AS area_json,
      COALESCE((SELECT json_agg(${REGION_SHAPE.json('r')} ORDER BY r.ordinal)
        FROM task_lead_region lr JOIN region r ON r.code = lr.region_code WHERE lr.task_id = page.id), '[]') AS regions_json${taskPageRelations()
          .filter((r) => include[r.field])
          .map((r) => `,\n      ${r.sql} AS ${r.column}`)
          .join('')}`;

/**
 * One statement for a page: the task rows, each with its area and lead regions as JSON, and its latest update and
 * indicators when asked for, so a page with those relations costs this statement and the count, nothing per row.
 */
export function taskPageSql(q: TaskQuery, order: TaskOrder, after: CursorPosition | null, limit: number, include: PageIncludes = {}, backward = false) {
  const params: unknown[] = [];
  const spec = walk(order, backward);
  let where = taskWhere(q, params);
  if (after) where += ` AND ${afterPosition(spec, after, params, spec.key, 't.id')}`;
  params.push(limit);
  const dir = spec.desc ? 'DESC' : 'ASC';
  const sql = `
    WITH page AS (
      SELECT ${taskColumns('t')}, ${spec.key} AS sort_value, (${spec.key})::text AS sort_key
      FROM task t
      WHERE ${where}
      ORDER BY ${spec.key} ${dir}, t.id ${dir}
      LIMIT $${params.length}
    )
    SELECT page.*,${relationColumns(include)}
    FROM page LEFT JOIN area a ON a.id = page.area_id
    ORDER BY page.sort_value ${dir}, page.id ${dir}`;
  return { sql, params };
}

/**
 * A page and the total in ONE statement, for filters no index walks in page order (a text search): the matching
 * tasks are found once and both counted and paged, instead of the same search running twice. Every row carries
 * `total`; when the page is empty a single row with a null `id` carries it.
 */
export function taskPageWithTotalSql(
  q: TaskQuery,
  order: TaskOrder,
  after: CursorPosition | null,
  limit: number,
  include: PageIncludes = {},
  backward = false,
) {
  const params: unknown[] = [];
  const spec = walk(order, backward);
  const where = taskWhere(q, params);
  const afterCond = after ? `WHERE ${afterPosition(spec, after, params, 'm.sort_value', 'm.id')}` : '';
  params.push(limit);
  const dir = spec.desc ? 'DESC' : 'ASC';
  const sql = `
    WITH matches AS MATERIALIZED (
      SELECT t.id, ${spec.key} AS sort_value FROM task t WHERE ${where}
    ),
    page AS (
      SELECT ${taskColumns('t')}, m.sort_value, (m.sort_value)::text AS sort_key
      FROM (SELECT m.id, m.sort_value FROM matches m ${afterCond} ORDER BY m.sort_value ${dir}, m.id ${dir} LIMIT $${params.length}) m
      JOIN task t ON t.id = m.id
    )
    SELECT page.*, total.total,${relationColumns(include)}
    FROM (SELECT count(*)::int AS total FROM matches) total
    LEFT JOIN page ON true
    LEFT JOIN area a ON a.id = page.area_id
    ORDER BY page.sort_value ${dir}, page.id ${dir}`;
  return { sql, params };
}

/**
 * Pages of several parents' tasks in ONE statement (a nested connection such as `Area.tasks` under a list of areas):
 * for each parent id, its page through a lateral join (an index walk in page order per parent) and, when asked, its
 * total. Every row carries `batch_parent` (not `parent_id`: a task column) and `total`; a parent with an empty page has one row with a null `id`.
 */
export function taskPagesByParentSql(
  parentColumn: 'area_id',
  parentIds: readonly number[],
  q: TaskQuery,
  order: TaskOrder,
  after: CursorPosition | null,
  limit: number,
  include: ConnectionIncludes = {},
  backward = false,
) {
  const params: unknown[] = [parentIds];
  const spec = walk(order, backward);
  const where = `t.${parentColumn} = parent.id AND ${taskWhere(q, params)}`;
  const afterCond = after ? ` AND ${afterPosition(spec, after, params, spec.key, 't.id')}` : '';
  const tallied = include.totalCount ? tallyTotalSql(q, params, 'parent.id') : null;
  params.push(limit);
  const limitParam = `$${params.length}`;
  const dir = spec.desc ? 'DESC' : 'ASC';
  const total = !include.totalCount
    ? 'CROSS JOIN (SELECT NULL::int AS total) total'
    : tallied
      ? `CROSS JOIN LATERAL (SELECT ${tallied} AS total OFFSET 0) total` // OFFSET 0: once per parent, not once per page row
      : `LEFT JOIN LATERAL (SELECT count(*)::int AS total FROM task t WHERE ${where}) total ON true`;
  const sql = `
    SELECT parent.id AS batch_parent, total.total, page.*,${relationColumns(include)}
    FROM unnest($1::int[]) AS parent(id)
    ${total}
    LEFT JOIN LATERAL (
      SELECT ${taskColumns('t')}, ${spec.key} AS sort_value, (${spec.key})::text AS sort_key
      FROM task t
      WHERE ${where}${afterCond}
      ORDER BY ${spec.key} ${dir}, t.id ${dir}
      LIMIT ${limitParam}
    ) page ON true
    LEFT JOIN area a ON a.id = page.area_id
    ORDER BY parent.id, page.sort_value ${dir}, page.id ${dir}`;
  return { sql, params };
}

/** How many tasks match the filter, across pages: from the kept counts when they answer it, else row by row. */
export function taskCountSql(q: TaskQuery) {
  const params: unknown[] = [];
  const tallied = tallyTotalSql(q, params);
  if (tallied) return { sql: `SELECT ${tallied} AS total`, params };
  const where = taskWhere(q, params);
  return { sql: `SELECT count(*)::int AS total FROM task t WHERE ${where}`, params };
}
