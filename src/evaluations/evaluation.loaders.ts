import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { groupBy } from '../common/loaders/batch';
import { EvaluationEntity } from './evaluation.entity';

/** A plan's evaluations, for one request (`ctx.loaders.of(EvaluationLoaders)`). */
export class EvaluationLoaders {
  constructor(private readonly ds: DataSource) {}

  readonly evaluationsByPlan = new DataLoader<number, EvaluationEntity[]>(async (planIds) =>
    groupBy(
      planIds,
      await this.ds.getRepository(EvaluationEntity).find({ where: { planId: In([...planIds]) }, order: { evaluatedOn: 'ASC', id: 'ASC' } }),
      (r) => r.planId,
    ),
  );
}
