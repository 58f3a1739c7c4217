import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '../common/errors/domain.exception';
import { Principal } from '../common/graphql-context';
import { parseId } from '../common/parse-id';
import { TaskEntity } from '../tasks/task.entity';
import { RecordTaskUpdateInput } from './dto/record-task-update.input';
import { TaskWriter } from './task-writer';

@Injectable()
export class TaskUpdatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly writer: TaskWriter,
  ) {}

  /**
   * Records a progress report: one version bump and one history row, or nothing at all. The write is a single
   * statement (see TaskWriter), so it needs no explicit transaction: two round trips in all, no lock held between them.
   */
  async record(input: RecordTaskUpdateInput, actor: Principal): Promise<TaskEntity> {
    const taskId = parseId(input.taskId, 'Task', 'taskId');
    if (input.status === undefined && input.progress === undefined && !input.note && !input.evidenceUrl) {
      throw badInput('input', 'give at least one of status, progress, note, evidenceUrl');
    }
    const { task } = await this.writer.apply(
      this.ds.manager,
      taskId,
      input.expectedVersion,
      { status: input.status, progress: input.progress },
      {
        actor,
        origin: 'API',
        note: input.note,
        evidenceUrl: input.evidenceUrl,
        occurredOn: input.occurredOn,
      },
    );
    return task;
  }
}
