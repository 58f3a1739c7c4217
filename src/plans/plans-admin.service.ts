import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '../common/errors/domain.exception';
import { conflictOnUnique } from '../common/errors/unique-violation';
import { CreatePlanInput } from './dto/create-plan.input';
import { PlanEntity } from './plan.entity';
import { storedQuote } from '../sources/source-quote';

@Injectable()
export class PlansAdminService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Adds a plan; a taken code is CONFLICT on `code`. */
  async create(input: CreatePlanInput): Promise<PlanEntity> {
    if (input.periodEnd < input.periodStart) throw badInput('periodEnd', 'must not be before periodStart');
    const repo = this.ds.getRepository(PlanEntity);
    const plan = repo.create({
      code: input.code, round: input.round, title: input.title, titleEn: input.titleEn ?? null, issuer: input.issuer ?? null,
      periodStart: input.periodStart, periodEnd: input.periodEnd, declaredTaskCount: input.declaredTaskCount ?? null,
      issuedOn: input.issuedOn ?? null, sourceQuote: storedQuote(input.sourceQuote),
    });
    try {
      return await repo.save(plan);
    } catch (err) {
      conflictOnUnique(err, 'plan', { code: 'code' });
    }
  }
}
