import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { areaFromJson } from '../areas/area.shape';
import { notFound } from '../common/errors/domain.exception';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { pageInfoOf } from '../common/pagination/page-info';
import { PageRequest } from '../common/pagination/pagination.args';
import { regionFrom } from '../regions/region.shape';
import { TaskOrder } from './dto/task-filter.input';
import { TaskConnection } from './task-connection.type';
import { TaskEntity } from './task.entity';
import { taskFromRow } from './task.shape';
import {
  ConnectionIncludes,
  isSortKey,
  PageIncludes,
  searchTerm,
  TaskQuery,
  taskCountSql,
  taskPageSql,
  taskPagesByParentSql,
  taskPageWithTotalSql,
} from './tasks.sql';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { taskPageRelations } from './task-page-relations';
import { prepared } from '../common/sql/prepared';
import { int, text } from '../common/sql/row-shape';

/**
 * A row of a page statement (tasks.sql.ts), read by its parsers: the task's columns (TASK_SHAPE), `sort_key`, the area
 * and lead regions as JSON, the relations asked for, and per statement `total` or `batch_parent`. An empty page or
 * parent still has one row, with a null `id`.
 */
type PageRow = Record<string, unknown>;

const sortKeyOf = (r: PageRow) => text.orNull().read(r.sort_key, 'task page.sort_key');
const totalOf = (r: PageRow | undefined) => (r ? int.orNull().read(r.total, 'task page.total') : null);

function regionsFromJson(json: unknown) {
  if (!Array.isArray(json)) throw new TypeError(`task page.regions_json: expected a list, got ${JSON.stringify(json)}`);
  return json.map((r) => regionFrom(r, 'json'));
}

/** A page request for a nested connection: everything but the parent, which the batch supplies. */
export interface NestedPage {
  query: TaskQuery;
  page: PageRequest;
  order: TaskOrder;
  include: ConnectionIncludes;
}

// The total of a connection whose selection has no totalCount is never read: it is not counted, and this marks it.
const NOT_COUNTED = -1;

/**
 * Edges and page info from the page statement's rows: one more than the page size tells whether a further page exists;
 * a backward page's rows come in reversed order and are put back in the list's order.
 */
function connectionFromRows(rows: PageRow[], page: PageRequest, order: TaskOrder, include: PageIncludes, total: number): TaskConnection {
  const more = rows.length > page.size;
  const inOrder = page.backward ? rows.slice(0, page.size).reverse() : rows.slice(0, page.size);
  const relations = taskPageRelations().filter((relation) => include[relation.field]);
  const edges = inOrder.map((r) => {
    const node = taskFromRow(r);
    node.prefetched = {
      area: r.area_json === null ? null : areaFromJson(r.area_json),
      leadRegions: regionsFromJson(r.regions_json),
      related: Object.fromEntries(relations.map((relation) => [relation.field, relation.parse(r[relation.column])])),
    };
    return { cursor: encodeCursor({ order, key: sortKeyOf(r), id: node.id }), node };
  });
  return { edges, pageInfo: pageInfoOf(edges, page, more), totalCount: total };
}

/** The position a page starts from: its cursor decoded for this order (after, or before when paging backward). */
function cursorPosition(page: PageRequest, order: TaskOrder) {
  return page.cursor ? decodeCursor(page.cursor, order, (key) => isSortKey(order, key), page.backward ? 'before' : 'after') : null;
}

@Injectable()
export class TasksService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * One page of tasks, and the total when the selection asks for it: one or two statements. Area, lead regions and
   * (when asked for) latest update and indicators come in the page statement as JSON; each task carries them
   * (`prefetched`) for its field resolvers. A page that does not select totalCount costs no count: at 100,000 tasks
   * in one plan the count is ten times the page's own work.
   */
  async page(query: TaskQuery, page: PageRequest, order: TaskOrder, include: ConnectionIncludes = { totalCount: true }): Promise<TaskConnection> {
    const position = cursorPosition(page, order);
    const limit = page.size + 1;
    // One row more than asked tells whether a next page exists; with first=0 that row is the whole answer.
    let rows: PageRow[];
    let total = NOT_COUNTED;
    if (include.totalCount && include.rows === false) {
      // Only the total is asked for (`{ totalCount }`): no page is read.
      const count = taskCountSql(query);
      rows = [];
      total = totalOf(((await this.ds.query(statementFor(query, count.sql), count.params)) as PageRow[])[0]) ?? 0;
    } else if (include.totalCount && searchTerm(query) !== null) {
      // A search is found once and both counted and paged (one statement).
      const both = taskPageWithTotalSql(query, order, position, limit, include, page.backward);
      const all: PageRow[] = await this.ds.query(both.sql, both.params);
      total = totalOf(all[0]) ?? 0;
      rows = all.filter((r) => r.id !== null);
    } else {
      const statement = taskPageSql(query, order, position, limit, include, page.backward);
      const count = include.totalCount ? taskCountSql(query) : null;
      let counted: PageRow[] | null;
      [rows, counted] = await Promise.all([
        this.ds.query(statementFor(query, statement.sql), statement.params) as Promise<PageRow[]>,
        count ? (this.ds.query(statementFor(query, count.sql), count.params) as Promise<PageRow[]>) : null,
      ]);
      if (counted) total = totalOf(counted[0]) ?? 0;
    }
    if ((include.totalCount ? total === 0 : rows.length === 0) && query.planCode != null) await this.assertPlanExists(query.planCode);
    return connectionFromRows(rows, page, order, include, total);
  }

  /**
   * An area's page of tasks through the request's loaders: every area asked for with the same arguments in one
   * request joins one batch, answered by one statement (`plans { areas { tasks { totalCount } } }` costs one
   * statement for all its areas, not two per area).
   */
  areaPage(areaId: number, page: NestedPage, loaders: RequestLoaders): Promise<TaskConnection> {
    return loaders.byPage('Area.tasks', page, (areaIds) => this.pagesByParent('area_id', areaIds, page)).load(areaId);
  }

  /** Pages of several parents' tasks, in the order of `parentIds`: one statement. */
  private async pagesByParent(parentColumn: 'area_id', parentIds: readonly number[], p: NestedPage): Promise<TaskConnection[]> {
    const position = cursorPosition(p.page, p.order);
    // A selection of the total alone (`tasks(first: 1) { totalCount }` under every area) reads no page rows.
    const limit = p.include.totalCount && p.include.rows === false ? 0 : p.page.size + 1;
    const { sql, params } = taskPagesByParentSql(parentColumn, parentIds, p.query, p.order, position, limit, p.include, p.page.backward);
    const rows: PageRow[] = await this.ds.query(statementFor(p.query, sql), params);
    const byParent = new Map<number, { rows: PageRow[]; total: number }>();
    for (const r of rows) {
      const parent = int.read(r.batch_parent, 'task page.batch_parent');
      let entry = byParent.get(parent);
      if (!entry) byParent.set(parent, (entry = { rows: [], total: totalOf(r) ?? NOT_COUNTED }));
      if (r.id !== null) entry.rows.push(r);
    }
    return parentIds.map((id) => {
      const entry = byParent.get(id) ?? { rows: [], total: NOT_COUNTED };
      return connectionFromRows(entry.rows, p.page, p.order, p.include, entry.total);
    });
  }

  async byId(id: number): Promise<TaskEntity | null> {
    return this.ds.getRepository(TaskEntity).findOneBy({ id });
  }

  async byCode(planCode: string, code: string): Promise<TaskEntity | null> {
    return this.ds
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoin('t.plan', 'p')
      .where('lower(p.code) = lower(:planCode) AND lower(t.code) = lower(:code)', { planCode, code })
      .getOne();
  }

  private async assertPlanExists(planCode: string) {
    const [plan] = await this.ds.query('SELECT 1 FROM plan WHERE lower(code) = lower($1)', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
  }
}

/**
 * A page or count statement, prepared (parsed and planned once per connection) unless it searches: after five runs
 * a prepared statement may switch to a generic plan, which cannot see that the search pattern is selective and
 * scans every task (77 ms instead of 17 ms by the trigram index at 100,000 tasks). A search is planned every time.
 */
function statementFor(query: TaskQuery, sql: string): string {
  return searchTerm(query) !== null ? sql : prepared(sql);
}
