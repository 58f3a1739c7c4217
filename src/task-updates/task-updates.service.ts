import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { parseId } from '../common/parse-id';
import { TaskEntity } from '../tasks/task.entity';
import { RecordTaskUpdateInput } from './dto/record-task-update.input';
import { TaskUpdateEntity } from './task-update.entity';
import { TaskUpdateConnection } from './task-update.type';
import { TaskWriter } from './task-writer';

const HISTORY_ORDER = 'history';

@Injectable()
export class TaskUpdatesService {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly writer: TaskWriter) {}

  /**
   * Records a progress report: one version bump and one history row, or nothing at all. The write is a single
   * statement (see TaskWriter), so it needs no explicit transaction: two round trips in all, no lock held between them.
   */
  async record(input: RecordTaskUpdateInput, actor: Principal): Promise<TaskEntity> {
    const taskId = parseId(input.taskId, 'taskId');
    if (input.status === undefined && input.progress === undefined && !input.note && !input.evidenceUrl) {
      throw badInput('input', 'give at least one of status, progress, note, evidenceUrl');
    }
    const { task } = await this.writer.apply(this.ds.manager, taskId, input.expectedVersion, { status: input.status, progress: input.progress }, {
      actor,
      origin: 'API',
      note: input.note,
      evidenceUrl: input.evidenceUrl,
      occurredOn: input.occurredOn,
    });
    return task;
  }

  /** A task's history, newest first. */
  async history(taskId: number, first: number, after: string | null | undefined): Promise<TaskUpdateConnection> {
    const before = after ? decodeCursor(after, HISTORY_ORDER).id : null;
    const qb = this.ds.getRepository(TaskUpdateEntity).createQueryBuilder('u').where('u.task_id = :taskId', { taskId });
    const [rows, totalCount] = await Promise.all([
      first === 0
        ? Promise.resolve([])
        : qb.clone().andWhere(before === null ? 'true' : 'u.version < :before', { before }).orderBy('u.version', 'DESC').limit(first + 1).getMany(),
      qb.getCount(),
    ]);
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor({ order: HISTORY_ORDER, key: null, id: node.version }), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
  }
}
