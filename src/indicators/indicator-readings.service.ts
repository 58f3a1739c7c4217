import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { mayWriteForRegions } from '../auth/principal';
import { periodDateProblem } from '../common/date-period';
import { DatePrecision, ReadingKind, Role } from '../common/domain-enums';
import { badInput, DomainException, notFound } from '../common/errors/domain.exception';
import { ErrorCode } from '../common/errors/error-code.enum';
import { Principal } from '../common/graphql-context';
import { parseId } from '../common/parse-id';
import { planTodaySql } from '../common/time-zone';
import { sourceIdFor } from '../sources/source-writer';
import { RecordIndicatorReadingInput } from './dto/record-indicator-reading.input';
import { IndicatorReadingEntity } from './indicator-reading.entity';
import { storedQuote } from '../sources/source-quote';

@Injectable()
export class IndicatorReadingsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Appends an actual reading (readings are history: a correction is a new reading, never an edit).
   * ADMIN may record any indicator; an EDITOR only one tied to a task led by one of its regions.
   */
  async record(input: RecordIndicatorReadingInput, actor: Principal): Promise<IndicatorReadingEntity> {
    const indicatorId = parseId(input.indicatorId, 'Indicator', 'indicatorId');
    const precision = input.asOfPrecision ?? DatePrecision.DAY;
    return this.ds.transaction(async (m) => {
      const today = await this.assertMayWrite(m, indicatorId, input.indicatorId, actor);
      const problem = periodDateProblem(input.asOf, precision, today, true);
      if (problem) throw badInput('asOf', problem);
      const sourceId = await sourceIdFor(m, input.sourceTitle, input.sourceUrl);
      const repo = m.getRepository(IndicatorReadingEntity);
      return repo.save(
        repo.create({
          indicatorId,
          kind: ReadingKind.ACTUAL,
          value: input.value,
          qualifier: input.qualifier,
          asOf: input.asOf,
          asOfPrecision: precision,
          note: input.note ?? null,
          sourceId,
          sourceQuote: storedQuote(input.sourceQuote),
          recordedByKeyId: actor.keyId,
        }),
      );
    });
  }

  /** Checks the caller may record readings of the indicator; returns today on its plan's clock (UTC without a plan). */
  private async assertMayWrite(m: EntityManager, indicatorId: number, rawId: string, actor: Principal): Promise<string> {
    const [row] = await m.query(
      `SELECT i.code, i.task_id, t.archived_at,
         ARRAY(SELECT lr.region_code FROM task_lead_region lr WHERE lr.task_id = i.task_id) AS lead_regions,
         to_char(COALESCE((SELECT ${planTodaySql('p.time_zone')} FROM plan p WHERE p.id = COALESCE(i.plan_id, t.plan_id)),
           ${planTodaySql("'UTC'")}), 'YYYY-MM-DD') AS plan_today
       FROM indicator i LEFT JOIN task t ON t.id = i.task_id WHERE i.id = $1`,
      [indicatorId],
    );
    if (!row) throw notFound('Indicator', rawId);
    if (actor.role !== Role.ADMIN && (row.task_id === null || !mayWriteForRegions(actor, row.lead_regions))) {
      throw new DomainException(ErrorCode.FORBIDDEN, `This key may not record readings of ${row.code}: its task is not led by one of the key's regions`);
    }
    if (row.archived_at) throw badInput('indicatorId', `the task of indicator ${row.code} is archived`);
    return row.plan_today;
  }
}
