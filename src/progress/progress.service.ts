import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { todayUtc } from '../common/local-date';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { FigureQualifier } from '../common/domain-enums';
import { PlanEntity } from '../plans/plan.entity';
import { completionRate, computedCompletionRate } from './completion';
import { PROGRESS_BY_AREA_SQL, PROGRESS_BY_REGION_SQL, ROUND_COMPARISON_SQL } from './progress.sql';
import { AreaProgress, RegionProgress, RoundSummary } from './progress.types';

interface CountRow {
  plan_id: number | null;
  task_count: number | null;
  not_reported: number;
  not_started: number;
  in_progress: number;
  completed: number;
  delayed: number;
  suspended: number;
  overdue: number;
  average_progress: number | null;
  progress_reported: number;
}

function counts(r: CountRow) {
  const taskCount = r.task_count ?? 0;
  return {
    taskCount,
    notReported: r.not_reported,
    notStarted: r.not_started,
    inProgress: r.in_progress,
    completed: r.completed,
    delayed: r.delayed,
    suspended: r.suspended,
    overdue: r.overdue,
    // With no reported status a 0 would be a claim, not a measurement: the rate stays unknown.
    completionRate: taskCount - r.not_reported > 0 ? completionRate({ taskCount, completed: r.completed }) : null,
    averageProgress: r.average_progress === null ? null : Math.round(r.average_progress * 100) / 100,
    progressReportedCount: r.progress_reported,
  };
}

@Injectable()
export class ProgressService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byArea(planCode: string, loaders: RequestLoaders): Promise<AreaProgress[]> {
    const rows: (CountRow & { area_id: number | null; declared_task_count: number | null })[] = await this.ds.query(
      PROGRESS_BY_AREA_SQL,
      [planCode, todayUtc()],
    );
    if (rows.length === 0 || rows[0].plan_id === null) throw notFound('Plan', planCode);
    const present = rows.filter((r) => r.task_count !== null);
    const areas = await loaders.area.loadMany(present.flatMap((r) => (r.area_id === null ? [] : [r.area_id])));
    const byId = new Map(areas.filter((a): a is Exclude<typeof a, Error | null> => !!a && !(a instanceof Error)).map((a) => [a.id, a]));
    return present.map((r) => ({
      ...counts(r),
      area: r.area_id === null ? null : (byId.get(r.area_id) ?? null),
      declaredTaskCount: r.declared_task_count,
    }));
  }

  async byRegion(planCode: string): Promise<RegionProgress[]> {
    const rows: (CountRow & { region_code: string | null })[] = await this.ds.query(PROGRESS_BY_REGION_SQL, [planCode, todayUtc()]);
    if (rows.length === 0 || rows[0].plan_id === null) throw notFound('Plan', planCode);
    const regions = await this.ds.query(`SELECT code, ordinal, name, name_en AS "nameEn", abbreviation FROM region`);
    const byCode = new Map(regions.map((r: { code: string }) => [r.code, r]));
    return rows
      .filter((r) => r.task_count !== null)
      .map((r) => ({ ...counts(r), region: r.region_code === null ? null : (byCode.get(r.region_code) as never) }));
  }

  async roundComparison(loaders: RequestLoaders): Promise<RoundSummary[]> {
    const rows: {
      plan_id: number; declared_task_count: number | null; task_count: number; completed: number; reported: number;
      reported_value: number | null; reported_qualifier: FigureQualifier | null; reported_source_id: number | null;
    }[] = await this.ds.query(ROUND_COMPARISON_SQL);
    return Promise.all(
      rows.map(async (r) => ({
        plan: (await loaders.plan.load(r.plan_id)) as PlanEntity,
        declaredTaskCount: r.declared_task_count,
        catalogedTaskCount: r.task_count,
        reportedTaskCount: r.reported,
        reportedCompletion:
          r.reported_value === null || r.reported_qualifier === null
            ? null
            : {
                value: r.reported_value,
                qualifier: r.reported_qualifier,
                source: r.reported_source_id === null ? null : await loaders.source.load(r.reported_source_id),
              },
        computedCompletionRate: computedCompletionRate({ taskCount: r.task_count, completed: r.completed, reported: r.reported }),
      })),
    );
  }
}
