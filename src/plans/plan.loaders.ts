import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { byKey } from '../common/loaders/batch';
import { PlanEntity } from './plan.entity';

/** Plans by id, for one request (`ctx.loaders.of(PlanLoaders)`). */
export class PlanLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly plan = new DataLoader<number, PlanEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(PlanEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );
}
