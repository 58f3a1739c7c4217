import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { pageInfoOf } from '../common/pagination/page-info';
import { PageRequest } from '../common/pagination/pagination.args';
import { prepared } from '../common/sql/prepared';
import { int } from '../common/sql/row-shape';
import { TaskUpdateEntity } from './task-update.entity';
import { TASK_UPDATE_SHAPE, taskUpdateFrom } from './task-update.shape';
import { TaskUpdateConnection } from './task-update.type';

const HISTORY_ORDER = 'history';

/** A history page request: everything but the task, which the batch supplies. */
export interface HistoryPage extends PageRequest {
  totalCount: boolean;
}

/**
 * Pages of several tasks' histories in ONE statement, newest first: a lateral join per task walks the
 * (task_id, version) unique index backwards; the total, when asked, is counted on the same index.
 * $1 task ids, $2 the version before which the page starts (null: the newest), $3 the row limit. Paging backward
 * walks the index forward from $2 (null: the oldest), and the rows are re-reversed after.
 */
export const historyPagesSql = (withTotal: boolean, backward = false) => `
  SELECT parent.id AS parent_id, total.total, ${TASK_UPDATE_SHAPE.select('u')}
  FROM unnest($1::int[]) AS parent(id)
  ${
    withTotal
      ? 'LEFT JOIN LATERAL (SELECT count(*)::int AS total FROM task_update c WHERE c.task_id = parent.id) total ON true'
      : 'CROSS JOIN (SELECT NULL::int AS total) total'
  }
  LEFT JOIN LATERAL (
    SELECT * FROM task_update h WHERE h.task_id = parent.id AND ($2::int IS NULL OR h.version ${backward ? '>' : '<'} $2::int)
    ORDER BY h.version ${backward ? 'ASC' : 'DESC'} LIMIT $3
  ) u ON true
  ORDER BY parent.id, u.version ${backward ? 'ASC' : 'DESC'}`;

@Injectable()
export class TaskHistoryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * A task's history, newest first, through the request's loaders: every task of a page asked for the same history
   * page joins one batch and one statement (a page of 100 tasks with their history costs one statement, not 200).
   */
  history(taskId: number, page: HistoryPage, loaders: RequestLoaders): Promise<TaskUpdateConnection> {
    return loaders.byPage('Task.history', page, (taskIds) => this.pages(taskIds, page)).load(taskId);
  }

  private async pages(taskIds: readonly number[], page: HistoryPage): Promise<TaskUpdateConnection[]> {
    const from = page.cursor ? decodeCursor(page.cursor, HISTORY_ORDER, undefined, page.backward ? 'before' : 'after').id : null;
    const rows: Record<string, unknown>[] = await this.ds.query(prepared(historyPagesSql(page.totalCount, page.backward)), [taskIds, from, page.size + 1]);
    const byTask = new Map<number, { nodes: TaskUpdateEntity[]; total: number }>();
    for (const row of rows) {
      const taskId = int.read(row.parent_id, 'history page.parent_id');
      let entry = byTask.get(taskId);
      // A total that was not asked for is never read (see TasksService): -1 marks it.
      if (!entry) byTask.set(taskId, (entry = { nodes: [], total: int.orNull().read(row.total, 'history page.total') ?? -1 }));
      // A task without history still has one row, with a null id.
      if (row.id !== null) entry.nodes.push(taskUpdateFrom(row, 'row'));
    }
    return taskIds.map((id) => {
      const { nodes, total } = byTask.get(id) ?? { nodes: [], total: -1 };
      const inOrder = page.backward ? nodes.slice(0, page.size).reverse() : nodes.slice(0, page.size);
      const edges = inOrder.map((node) => ({ cursor: encodeCursor({ order: HISTORY_ORDER, key: null, id: node.version }), node }));
      return { edges, pageInfo: pageInfoOf(edges, page, nodes.length > page.size), totalCount: total };
    });
  }
}
