import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { badInput } from '../common/errors/domain.exception';
import { conflictOnUnique } from '../common/errors/unique-violation';
import { canonicalTimeZone } from '../common/time-zone';
import { CreatePlanInput } from './dto/create-plan.input';
import { PlanEntity } from './plan.entity';
import { storedQuote } from '../sources/source-quote';

@Injectable()
export class PlansAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Adds a plan; a taken code is CONFLICT on `code`. Without a time zone the plan runs on DEFAULT_TIME_ZONE. */
  async create(input: CreatePlanInput): Promise<PlanEntity> {
    if (input.periodEnd < input.periodStart) throw badInput('periodEnd', 'must not be before periodStart');
    const timeZone = await this.knownTimeZone(input.timeZone ?? this.config.DEFAULT_TIME_ZONE);
    const repo = this.ds.getRepository(PlanEntity);
    const plan = repo.create({
      code: input.code,
      round: input.round,
      title: input.title,
      titleEn: input.titleEn ?? null,
      issuer: input.issuer ?? null,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      declaredTaskCount: input.declaredTaskCount ?? null,
      issuedOn: input.issuedOn ?? null,
      timeZone,
      sourceQuote: storedQuote(input.sourceQuote),
    });
    try {
      return await repo.save(plan);
    } catch (err) {
      conflictOnUnique(err, 'plan', { code: 'code' });
    }
  }

  /**
   * The zone's canonical name, known to both clocks that read it: Intl (the Task.overdue flag) and PostgreSQL (every
   * rule computed in SQL). Their zone databases come from different builds, so a name one lacks is refused here.
   */
  private async knownTimeZone(name: string): Promise<string> {
    const canonical = canonicalTimeZone(name);
    // (pg_timezone_names would say too, but reads every zone file: ~300 ms.)
    const known =
      canonical !== null &&
      (await this.ds.query('SELECT now() AT TIME ZONE $1', [canonical]).then(
        () => true,
        (err) => {
          if ((err as { code?: string }).code === '22023') return false;
          throw err;
        },
      ));
    if (!known) throw badInput('timeZone', `${name} is not a time zone name known here; use an IANA name such as "Asia/Shanghai" or "UTC"`);
    return canonical;
  }
}
