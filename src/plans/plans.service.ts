import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { planByCode } from './plan-by-code';
import { PlanEntity } from './plan.entity';
import { PlanLoaders } from './plan.loaders';

@Injectable()
export class PlansService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Every plan by round; primes the request's plan loader so nested fields need no statement for them. */
  async list(loaders?: RequestLoaders): Promise<PlanEntity[]> {
    const plans = await this.ds.getRepository(PlanEntity).find({ order: { round: 'ASC', code: 'ASC' } });
    for (const plan of plans) loaders?.of(PlanLoaders).plan.prime(plan.id, plan);
    return plans;
  }

  byCode(code: string): Promise<PlanEntity | null> {
    return planByCode(this.ds.manager, code);
  }
}
