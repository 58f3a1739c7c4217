import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { byKey, groupBy } from '../common/loaders/batch';
import { AreaEntity } from './area.entity';

/** Areas by id and by plan, for one request (`ctx.loaders.of(AreaLoaders)`). */
export class AreaLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly area = new DataLoader<number, AreaEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(AreaEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );

  readonly areasByPlan = new DataLoader<number, AreaEntity[]>(async (planIds) =>
    groupBy(planIds, await this.ds.getRepository(AreaEntity).find({ where: { planId: In([...planIds]) }, order: { ordinal: 'ASC' } }), (r) => r.planId),
  );
}
