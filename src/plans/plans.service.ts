import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlanEntity } from './plan.entity';

@Injectable()
export class PlansService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<PlanEntity[]> {
    return this.ds.getRepository(PlanEntity).find({ order: { round: 'ASC', code: 'ASC' } });
  }

  byCode(code: string): Promise<PlanEntity | null> {
    return this.ds.getRepository(PlanEntity).findOneBy({ code });
  }
}
