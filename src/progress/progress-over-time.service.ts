import { AreaLoaders } from '../areas/area.loaders';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreaEntity } from '../areas/area.entity';
import { badInput, notFound } from '../common/errors/domain.exception';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { prepared } from '../common/sql/prepared';
import { completionRate } from './completion';
import { dayProblem, periodSql, TrendInterval, trendRangeProblem } from './over-time.rules';
import { PROGRESS_BY_AREA_AS_OF_SQL, PROGRESS_BY_REGION_AS_OF_SQL, PROGRESS_TREND_SQL } from './progress-over-time.sql';
import { ProgressPoint } from './progress-over-time.types';
import { CountRow, counts, RegionCountRow, regionProgress } from './progress.service';
import { AreaProgress, RegionProgress } from './progress.types';

/** The plan columns every statement about a past day returns on each row. */
interface PlanDays {
  plan_id: number | null;
  today: string | null;
  first_day: string | null;
}

/**
 * Answers about a past day: the plan as it stood at the end of asOf, and trends over periods. Each is ONE statement over
 * progress_day_delta (see progress-over-time.sql.ts); the plan's own days come back on the same rows and are checked
 * after it (a refused day costs that statement, which is a few milliseconds, rather than a second one on every answer).
 */
@Injectable()
export class ProgressOverTimeService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byAreaAsOf(planCode: string, asOf: string, loaders: RequestLoaders): Promise<AreaProgress[]> {
    const rows: (CountRow & PlanDays & { area_id: number | null; declared_task_count: number | null; area_json: AreaEntity | null })[] = await this.ds.query(
      prepared(PROGRESS_BY_AREA_AS_OF_SQL),
      [planCode, asOf],
    );
    checkDay(rows[0], planCode, asOf, 'asOf');
    return rows
      .filter((r) => r.task_count !== null)
      .map((r) => {
        const area = r.area_json === null ? null : Object.assign(new AreaEntity(), r.area_json);
        if (area) loaders.of(AreaLoaders).area.prime(area.id, area);
        return { ...counts(r), area, declaredTaskCount: r.declared_task_count };
      });
  }

  async byRegionAsOf(planCode: string, asOf: string): Promise<RegionProgress[]> {
    const rows: (RegionCountRow & PlanDays)[] = await this.ds.query(prepared(PROGRESS_BY_REGION_AS_OF_SQL), [planCode, asOf]);
    checkDay(rows[0], planCode, asOf, 'asOf');
    return regionProgress(rows);
  }

  async trend(args: { planCode: string; from: string; to: string; interval?: TrendInterval; areaCode?: string | null }): Promise<ProgressPoint[]> {
    const interval = args.interval ?? TrendInterval.MONTH;
    const range = trendRangeProblem(args.from, args.to, interval);
    if (range) throw badInput(range.field, range.message);
    const { step, unit } = periodSql(interval);
    const rows: (PlanDays & {
      area_id: number | null;
      as_of: string;
      task_count: number;
      not_reported: number;
      not_started: number;
      in_progress: number;
      completed: number;
      delayed: number;
      suspended: number;
      overdue: number;
    })[] = await this.ds.query(prepared(PROGRESS_TREND_SQL), [args.planCode, args.from, args.to, step, unit, args.areaCode ?? null]);
    checkDay(rows[0], args.planCode, args.to, 'to');
    checkDay(rows[0], args.planCode, args.from, 'from');
    if (args.areaCode != null && rows[0].area_id === null) throw notFound(`Area of plan ${args.planCode}`, args.areaCode);
    return rows.map((r) => ({
      asOf: r.as_of,
      taskCount: r.task_count,
      completed: r.completed,
      inProgress: r.in_progress,
      notStarted: r.not_started,
      delayed: r.delayed,
      suspended: r.suspended,
      notReported: r.not_reported,
      overdue: r.overdue,
      // As for progressByArea: with no reported status a 0 would be a claim, not a measurement.
      completionRate: r.task_count - r.not_reported > 0 ? completionRate({ taskCount: r.task_count, completed: r.completed }) : null,
    }));
  }
}

/** NOT_FOUND for an unknown plan; BAD_USER_INPUT for a day after the plan's today or before its first day. */
function checkDay(row: PlanDays | undefined, planCode: string, day: string, field: string): void {
  if (!row || row.plan_id === null || row.today === null || row.first_day === null) throw notFound('Plan', planCode);
  const problem = dayProblem(day, { today: row.today, firstDay: row.first_day });
  if (problem) throw badInput(field, problem);
}
