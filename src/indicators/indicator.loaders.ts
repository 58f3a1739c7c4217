import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { groupBy } from '../common/loaders/batch';
import { IndicatorReadingEntity } from './indicator-reading.entity';
import { IndicatorEntity } from './indicator.entity';
import { INDICATORS_WITH_CONFLICTS_SQL, READING_CONFLICTS_SQL } from './reading-conflicts.sql';

/** Indicators by plan and task, their readings and the readings' conflicts, for one request (`ctx.loaders.of(IndicatorLoaders)`). */
export class IndicatorLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly indicatorsByPlan = new DataLoader<number, IndicatorEntity[]>(async (planIds) =>
    groupBy(
      planIds,
      await this.ds.getRepository(IndicatorEntity).find({ where: { planId: In([...planIds]) }, order: { code: 'ASC' } }),
      (r) => r.planId as number,
    ),
  );

  readonly indicatorsByTask = new DataLoader<number, IndicatorEntity[]>(async (taskIds) =>
    groupBy(
      taskIds,
      await this.ds.getRepository(IndicatorEntity).find({ where: { taskId: In([...taskIds]) }, order: { code: 'ASC' } }),
      (r) => r.taskId as number,
    ),
  );

  readonly readingsByIndicator = new DataLoader<number, IndicatorReadingEntity[]>(async (ids) =>
    groupBy(
      ids,
      await this.ds.getRepository(IndicatorReadingEntity).find({ where: { indicatorId: In([...ids]) }, order: { asOf: 'ASC', id: 'ASC' } }),
      (r) => r.indicatorId,
    ),
  );

  /** Readings that conflict with each given reading (same indicator, kind and as-of date, figures that cannot both hold). */
  readonly readingConflicts = new DataLoader<string, IndicatorReadingEntity[]>(async (ids) => {
    const pairs: { readingId: string; conflictId: string }[] = await this.ds.query(READING_CONFLICTS_SQL, [ids]);
    const readings = pairs.length ? await this.ds.getRepository(IndicatorReadingEntity).findBy({ id: In([...new Set(pairs.map((p) => p.conflictId))]) }) : [];
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
