import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { byKey } from '../common/loaders/batch';
import { TaskUpdateEntity } from './task-update.entity';

/** Each task's latest update, for one request (`ctx.loaders.of(TaskUpdateLoaders)`). */
export class TaskUpdateLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly latestUpdate = new DataLoader<number, TaskUpdateEntity | null>(async (taskIds) => {
    const rows = await this.ds
      .getRepository(TaskUpdateEntity)
      .createQueryBuilder('u')
      .distinctOn(['u.task_id'])
      .where('u.task_id = ANY(:ids)', { ids: [...taskIds] })
      .orderBy('u.task_id')
      .addOrderBy('u.version', 'DESC')
      .getMany();
    return byKey(taskIds, rows, (r) => r.taskId);
  });
}
