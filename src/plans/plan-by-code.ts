import { EntityManager } from 'typeorm';
import { PlanEntity } from './plan.entity';

/** The plan with this code, whatever its case (codes are unique whatever their case; see the CaseInsensitiveCodes migration). */
export function planByCode(m: EntityManager, code: string): Promise<PlanEntity | null> {
  return m.getRepository(PlanEntity).createQueryBuilder('p').where('lower(p.code) = lower(:code)', { code }).getOne();
}
