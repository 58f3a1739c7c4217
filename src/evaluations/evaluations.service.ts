import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { periodDateProblem } from '../common/date-period';
import { DatePrecision } from '../common/domain-enums';
import { badInput, notFound } from '../common/errors/domain.exception';
import { todayIn } from '../common/time-zone';
import { planByCode } from '../plans/plan-by-code';
import { sourceIdFor } from '../sources/source-writer';
import { RecordEvaluationInput } from './dto/record-evaluation.input';
import { EvaluationEntity } from './evaluation.entity';
import { storedQuote } from '../sources/source-quote';

@Injectable()
export class EvaluationsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Records a published assessment of a plan, with its source, in one transaction. */
  async record(input: RecordEvaluationInput): Promise<EvaluationEntity> {
    const precision = input.evaluatedOnPrecision ?? DatePrecision.DAY;
    return this.ds.transaction(async (m) => {
      const plan = await planByCode(m, input.planCode);
      if (!plan) throw notFound('Plan', input.planCode);
      const problem = periodDateProblem(input.evaluatedOn, precision, todayIn(plan.timeZone), true);
      if (problem) throw badInput('evaluatedOn', problem);
      const sourceId = await sourceIdFor(m, input.sourceTitle, input.sourceUrl);
      const repo = m.getRepository(EvaluationEntity);
      return repo.save(
        repo.create({
          planId: plan.id,
          evaluatedOn: input.evaluatedOn,
          evaluatedOnPrecision: precision,
          taskCount: input.taskCount ?? null,
          completionValue: input.completion?.value ?? null,
          completionQualifier: input.completion?.qualifier ?? null,
          note: input.note ?? null,
          sourceId,
          sourceQuote: storedQuote(input.sourceQuote),
        }),
      );
    });
  }
}
