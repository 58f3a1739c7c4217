import DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { byKey, groupBy } from '../common/loaders/batch';
import { RegionEntity } from '../regions/region.entity';
import { TaskEntity } from './task.entity';

/** Tasks by id, sub-tasks, lead regions and task counts, for one request (`ctx.loaders.of(TaskLoaders)`). */
export class TaskLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly task = new DataLoader<number, TaskEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(TaskEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly subtasks = new DataLoader<number, TaskEntity[]>(async (ids) =>
    groupBy(ids, await this.ds.getRepository(TaskEntity).find({ where: { parentId: In([...ids]), archivedAt: IsNull() }, order: { code: 'ASC' } }), (r) => r.parentId as number),
  );

  readonly leadRegions = new DataLoader<number, RegionEntity[]>(async (taskIds) => {
    const rows: (RegionEntity & { taskId: number })[] = await this.ds.query(
      `SELECT lr.task_id AS "taskId", r.code, r.ordinal, r.name, r.name_en AS "nameEn", r.abbreviation
       FROM task_lead_region lr JOIN region r ON r.code = lr.region_code
       WHERE lr.task_id = ANY($1::int[]) ORDER BY r.ordinal`,
      [taskIds],
    );
    return groupBy(taskIds, rows, (r) => r.taskId);
  });

  /** Key tasks (not archived, no parent) per area. */
  readonly areaTaskCount = new DataLoader<number, number>(async (areaIds) => {
    const rows: { id: number; n: number }[] = await this.ds.query(
      `SELECT area_id AS id, count(*)::int AS n FROM task
       WHERE area_id = ANY($1::int[]) AND archived_at IS NULL AND parent_id IS NULL GROUP BY area_id`,
      [areaIds],
    );
    return byKey(areaIds, rows, (r) => r.id).map((r) => r?.n ?? 0);
  });

  /** Key tasks (not archived, no parent) per plan. */
  readonly planTaskCount = new DataLoader<number, number>(async (planIds) => {
    const rows: { id: number; n: number }[] = await this.ds.query(
      `SELECT plan_id AS id, count(*)::int AS n FROM task
       WHERE plan_id = ANY($1::int[]) AND archived_at IS NULL AND parent_id IS NULL GROUP BY plan_id`,
      [planIds],
    );
    return byKey(planIds, rows, (r) => r.id).map((r) => r?.n ?? 0);
  });
}
