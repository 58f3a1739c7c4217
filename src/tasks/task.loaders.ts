import DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { byKey, groupBy } from '../common/loaders/batch';
import { int } from '../common/sql/row-shape';
import { RegionEntity } from '../regions/region.entity';
import { regionFrom, REGION_SHAPE } from '../regions/region.shape';
import { TaskEntity } from './task.entity';

/** Tasks by id, sub-tasks, lead regions and task counts, for one request (`ctx.loaders.of(TaskLoaders)`). */
export class TaskLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly task = new DataLoader<number, TaskEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(TaskEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly subtasks = new DataLoader<number, TaskEntity[]>(async (ids) =>
    groupBy(
      ids,
      await this.ds.getRepository(TaskEntity).find({ where: { parentId: In([...ids]), archivedAt: IsNull() }, order: { code: 'ASC' } }),
      (r) => r.parentId as number,
    ),
  );

  readonly leadRegions = new DataLoader<number, RegionEntity[]>(async (taskIds) => {
    const rows: unknown[] = await this.ds.query(
      `SELECT lr.task_id, ${REGION_SHAPE.select('r')}
       FROM task_lead_region lr JOIN region r ON r.code = lr.region_code
       WHERE lr.task_id = ANY($1::int[]) ORDER BY r.ordinal`,
      [taskIds],
    );
    const led = rows.map((row) => ({ taskId: int.read((row as { task_id: unknown }).task_id, 'task_lead_region.task_id'), region: regionFrom(row, 'row') }));
    return groupBy(taskIds, led, (r) => r.taskId).map((list) => list.map((r) => r.region));
  });

  /** Key tasks (not archived, no parent) per area. */
  readonly areaTaskCount = this.keyTaskCount('area_id');

  /** Key tasks (not archived, no parent) per plan. */
  readonly planTaskCount = this.keyTaskCount('plan_id');

  /** From the counts the writers keep (migration TaskTally): an area's or a plan's tally rows, not its tasks. */
  private keyTaskCount(column: 'area_id' | 'plan_id') {
    return new DataLoader<number, number>(async (ids) => {
      const rows: { id: number; n: number }[] = await this.ds.query(
        `SELECT ${column} AS id, sum(tasks)::int AS n FROM task_tally
         WHERE grp = '${column === 'area_id' ? 'A' : 'P'}' AND ${column} = ANY($1::int[]) GROUP BY ${column}`,
        [ids],
      );
      return byKey(ids, rows, (r) => r.id).map((r) => r?.n ?? 0);
    });
  }
}
