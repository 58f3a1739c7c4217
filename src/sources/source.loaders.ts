import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { byKey } from '../common/loaders/batch';
import { SourceEntity } from './source.entity';

/** Sources by id, for one request (`ctx.loaders.of(SourceLoaders)`). */
export class SourceLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly source = new DataLoader<number, SourceEntity | null>(async (ids) =>
    byKey(ids, await this.ds.getRepository(SourceEntity).findBy({ id: In([...ids]) }), (r) => r.id),
  );
}
