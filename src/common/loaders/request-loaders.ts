import DataLoader from 'dataloader';
import { DataSource, In, IsNull } from 'typeorm';
import { AreaEntity } from '../../areas/area.entity';
import { EvaluationEntity } from '../../evaluations/evaluation.entity';
import { IndicatorReadingEntity } from '../../indicators/indicator-reading.entity';
import { IndicatorEntity } from '../../indicators/indicator.entity';
import { INDICATORS_WITH_CONFLICTS_SQL, READING_CONFLICTS_SQL } from '../../indicators/reading-conflicts.sql';
import { PlanEntity } from '../../plans/plan.entity';
import { RegionEntity } from '../../regions/region.entity';
import { SourceEntity } from '../../sources/source.entity';
import { TaskUpdateEntity } from '../../task-updates/task-update.entity';
import { TaskEntity } from '../../tasks/task.entity';

const byKey = <K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): (V | null)[] => {
  const map = new Map<K, V>();
  for (const row of rows) map.set(key(row), row);
  return keys.map((k) => map.get(k) ?? null);
};

const groupBy = <K, V>(keys: readonly K[], rows: V[], key: (row: V) => K): V[][] => {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
};

/** DataLoaders for one request: each relation costs one statement per batch, not one per row. */
export class RequestLoaders {
  constructor(private readonly ds: DataSource) {}

  private readonly shaped = new Map<string, DataLoader<number, unknown>>();

  /**
   * The loader for one shape of a nested field with arguments (`Area.tasks(first: 1)`, `Task.history(first: 3)`),
   * made on first use: every parent asked for with the same arguments in this request joins one batch, so the field
   * costs one statement per level of the query, however many parents there are. `shape` names the field and its
   * arguments; a document holds few shapes (aliases are limited), so a request makes few loaders.
   */
  byShape<V>(shape: string, batch: (parentIds: readonly number[]) => Promise<V[]>): DataLoader<number, V> {
    let loader = this.shaped.get(shape) as DataLoader<number, V> | undefined;
    if (!loader) {
      loader = new DataLoader<number, V>(batch);
      this.shaped.set(shape, loader as DataLoader<number, unknown>);
    }
    return loader;
  }

  readonly plan = new DataLoader<number, PlanEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(PlanEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly area = new DataLoader<number, AreaEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(AreaEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly task = new DataLoader<number, TaskEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(TaskEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly source = new DataLoader<number, SourceEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(SourceEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly areasByPlan = new DataLoader<number, AreaEntity[]>(async (planIds) =>
    groupBy(planIds, await this.ds.getRepository(AreaEntity).find({ where: { planId: In([...planIds]) }, order: { ordinal: 'ASC' } }), (r) => r.planId),
  );

  readonly evaluationsByPlan = new DataLoader<number, EvaluationEntity[]>(async (planIds) =>
    groupBy(planIds, await this.ds.getRepository(EvaluationEntity).find({ where: { planId: In([...planIds]) }, order: { evaluatedOn: 'ASC', id: 'ASC' } }), (r) => r.planId),
  );

  readonly indicatorsByPlan = new DataLoader<number, IndicatorEntity[]>(async (planIds) =>
    groupBy(planIds, await this.ds.getRepository(IndicatorEntity).find({ where: { planId: In([...planIds]) }, order: { code: 'ASC' } }), (r) => r.planId as number),
  );

  readonly indicatorsByTask = new DataLoader<number, IndicatorEntity[]>(async (taskIds) =>
    groupBy(taskIds, await this.ds.getRepository(IndicatorEntity).find({ where: { taskId: In([...taskIds]) }, order: { code: 'ASC' } }), (r) => r.taskId as number),
  );

  readonly readingsByIndicator = new DataLoader<number, IndicatorReadingEntity[]>(async (ids) =>
    groupBy(ids, await this.ds.getRepository(IndicatorReadingEntity).find({ where: { indicatorId: In([...ids]) }, order: { asOf: 'ASC', id: 'ASC' } }), (r) => r.indicatorId),
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

  /** Readings that conflict with each given reading (same indicator, kind and as-of date, figures that cannot both hold). */
  readonly readingConflicts = new DataLoader<string, IndicatorReadingEntity[]>(async (ids) => {
    const pairs: { readingId: string; conflictId: string }[] = await this.ds.query(READING_CONFLICTS_SQL, [ids]);
    const readings = pairs.length
      ? await this.ds.getRepository(IndicatorReadingEntity).findBy({ id: In([...new Set(pairs.map((p) => p.conflictId))]) })
      : [];
    const byId = new Map(readings.map((r) => [String(r.id), r]));
    return groupBy(ids, pairs, (p) => p.readingId).map((list) => list.map((p) => byId.get(p.conflictId)!));
  });

  /** Whether each indicator holds readings that conflict. */
  readonly indicatorHasConflicts = new DataLoader<number, boolean>(async (ids) => {
    const rows: { id: number }[] = await this.ds.query(INDICATORS_WITH_CONFLICTS_SQL, [ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.map((id) => found.has(id));
  });
}
