import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreaEntity } from '../areas/area.entity';
import { notFound } from '../common/errors/domain.exception';
import { dateColumn, todayUtc } from '../common/local-date';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { RegionEntity } from '../regions/region.entity';
import { TaskOrder } from './dto/task-filter.input';
import { TaskConnection } from './task-connection.type';
import { TaskEntity } from './task.entity';
import { IndicatorEntity } from '../indicators/indicator.entity';
import { TaskUpdateEntity } from '../task-updates/task-update.entity';
import { isSortKey, PageIncludes, TaskQuery, taskCountSql, taskPageSql, taskPageWithTotalSql } from './tasks.sql';
import { prepared } from '../database/prepared';

type TaskRow = Record<string, unknown> & {
  id: number;
  sort_key: string | null;
  area_json: AreaEntity | null;
  regions_json: RegionEntity[];
  latest_update_json?: (Omit<TaskUpdateEntity, 'recordedAt'> & { recordedAt: string }) | null;
  indicators_json?: (Omit<IndicatorEntity, 'createdAt'> & { createdAt: string })[];
};

/** Maps a snake_case task row to the entity shape the GraphQL types read. */
export function taskFromRow(r: Record<string, any>): TaskEntity {
  return Object.assign(new TaskEntity(), {
    id: r.id, planId: r.plan_id, areaId: r.area_id, areaBasis: r.area_basis, parentId: r.parent_id, code: r.code,
    title: r.title, titleEn: r.title_en, description: r.description, status: r.status, progress: r.progress,
    leadAgencies: r.lead_agencies, startDate: dateColumn(r.start_date), dueDate: dateColumn(r.due_date), version: r.version,
    archivedAt: r.archived_at, sourceId: r.source_id, sourceQuote: r.source_quote, sourceNote: r.source_note, createdAt: r.created_at, updatedAt: r.updated_at,
  });
}

@Injectable()
export class TasksService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * One page of tasks plus the total: two statements (one for a search). Area, lead regions and (when asked for) latest update and
   * indicators come in the page statement as JSON; each task carries them (`prefetched`) for its field resolvers.
   */
  async page(
    query: TaskQuery, first: number, after: string | null | undefined, order: TaskOrder, include: PageIncludes = {},
  ): Promise<TaskConnection> {
    const today = todayUtc();
    const position = after ? decodeCursor(after, order, (key) => isSortKey(order, key)) : null;
    // One row more than asked tells whether a next page exists; with first=0 that row is the whole answer.
    let rows: TaskRow[];
    let total: number;
    if (query.search != null && query.search.trim() !== '') {
      // A search is found once and both counted and paged (one statement).
      const both = taskPageWithTotalSql(query, order, position, first + 1, today, include);
      const all = (await this.ds.query(prepared(both.sql), both.params)) as (TaskRow & { total: number })[];
      total = all[0]?.total ?? 0;
      rows = all.filter((r) => r.id !== null);
    } else {
      const page = taskPageSql(query, order, position, first + 1, today, include);
      const count = taskCountSql(query, today);
      let counted: { total: number }[];
      [rows, counted] = await Promise.all([
        this.ds.query(prepared(page.sql), page.params) as Promise<TaskRow[]>,
        this.ds.query(prepared(count.sql), count.params) as Promise<{ total: number }[]>,
      ]);
      total = counted[0].total;
    }
    if (total === 0 && query.planCode != null) await this.assertPlanExists(query.planCode);
    const hasNextPage = rows.length > first;
    const edges = rows.slice(0, first).map((r) => {
      const node = taskFromRow(r);
      const u = r.latest_update_json;
      node.prefetched = {
        area: r.area_json ? Object.assign(new AreaEntity(), r.area_json) : null,
        leadRegions: r.regions_json,
        ...(include.latestUpdate ? { latestUpdate: u ? Object.assign(new TaskUpdateEntity(), u, { recordedAt: new Date(u.recordedAt) }) : null } : {}),
        ...(include.indicators
          ? { indicators: (r.indicators_json ?? []).map((i) => Object.assign(new IndicatorEntity(), i, { createdAt: new Date(i.createdAt) })) }
          : {}),
      };
      return { cursor: encodeCursor({ order, key: r.sort_key, id: node.id }), node };
    });
    return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
  }

  async byId(id: number): Promise<TaskEntity | null> {
    return this.ds.getRepository(TaskEntity).findOneBy({ id });
  }

  async byCode(planCode: string, code: string): Promise<TaskEntity | null> {
    return this.ds
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .innerJoin('t.plan', 'p')
      .where('p.code = :planCode AND t.code = :code', { planCode, code })
      .getOne();
  }

  private async assertPlanExists(planCode: string) {
    const [plan] = await this.ds.query('SELECT 1 FROM plan WHERE code = $1', [planCode]);
    if (!plan) throw notFound('Plan', planCode);
  }
}
