import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '../common/errors/domain.exception';
import { conflictOnUnique } from '../common/errors/unique-violation';
import { parseId } from '../common/parse-id';
import { planByCode } from '../plans/plan-by-code';
import { AreaEntity } from './area.entity';
import { CreateAreaInput } from './dto/create-area.input';
import { UpdateAreaInput } from './dto/update-area.input';
import { storedQuote } from '../sources/source-quote';

const UNIQUE_FIELDS = { code: 'code', ordinal: 'ordinal' };
const EDITABLE = ['code', 'ordinal', 'name', 'nameEn', 'declaredTaskCount', 'note'] as const;

@Injectable()
export class AreasAdminService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Adds an area to a plan; a code or ordinal the plan already uses is CONFLICT naming that field. */
  async create(input: CreateAreaInput): Promise<AreaEntity> {
    const plan = await planByCode(this.ds.manager, input.planCode);
    if (!plan) throw notFound('Plan', input.planCode);
    const repo = this.ds.getRepository(AreaEntity);
    try {
      return await repo.save(
        repo.create({
          planId: plan.id,
          code: input.code,
          ordinal: input.ordinal,
          name: input.name,
          nameEn: input.nameEn ?? null,
          declaredTaskCount: input.declaredTaskCount ?? null,
          note: input.note ?? null,
          sourceQuote: storedQuote(input.sourceQuote),
        }),
      );
    } catch (err) {
      conflictOnUnique(err, 'area of this plan', UNIQUE_FIELDS);
    }
  }

  /**
   * Changes the given fields of an area in one conditional UPDATE. Areas carry no version, so the last
   * edit wins; areas change rarely and only by ADMINs.
   */
  async update(input: UpdateAreaInput): Promise<AreaEntity> {
    const id = parseId(input.id, 'Area', 'id');
    const changes = Object.fromEntries(EDITABLE.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
    if (Object.keys(changes).length === 0 && input.planCode === undefined) {
      throw badInput('input', `give at least one of ${EDITABLE.join(', ')}`);
    }
    const repo = this.ds.getRepository(AreaEntity);
    const area = await repo.findOne({ where: { id }, relations: { plan: true } });
    if (!area) throw notFound('Area', input.id);
    if (input.planCode !== undefined && input.planCode.toLowerCase() !== area.plan!.code.toLowerCase()) {
      throw badInput('planCode', `area ${area.code} belongs to plan ${area.plan!.code}; areas do not move between plans`);
    }
    if (Object.keys(changes).length === 0) return area;
    try {
      await repo.update({ id }, changes);
    } catch (err) {
      conflictOnUnique(err, 'area of this plan', UNIQUE_FIELDS);
    }
    return (await repo.findOneBy({ id })) as AreaEntity;
  }
}
