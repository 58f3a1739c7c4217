import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain.exception';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { areaFromJson } from '../areas/area.shape';
import { FigureQualifier, RegionCode } from '../common/domain-enums';
import { PlanEntity } from '../plans/plan.entity';
import { completionRate, computedCompletionRate } from './completion';
import { PROGRESS_BY_AREA_SQL, PROGRESS_BY_REGION_SQL, ROUND_COMPARISON_SQL } from './progress.sql';
import { AreaProgress, RegionProgress, RoundSummary } from './progress.types';
import { prepared } from '../common/sql/prepared';
import { AreaLoaders } from '../areas/area.loaders';
import { PlanLoaders } from '../plans/plan.loaders';
import { SourceLoaders } from '../sources/source.loaders';
import { AnswerCache } from '../http-cache/answer-cache.service';
import { answerKey } from '../http-cache/answer-cache.rules';

export interface CountRow {
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

/** A progress row's counts from its SQL columns (shared with the answers about a past day). */
export function counts(r: CountRow) {
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

/** A progress-by-region row: its counts and its region's names (null region: tasks with no lead region). */
export type RegionCountRow = CountRow & {
  region_code: RegionCode | null;
  ordinal: number | null;
  region_name: string;
  region_name_en: string;
  region_abbreviation: string;
};

/** Progress by region from its rows (shared with the answers about a past day); a row with no tasks is left out. */
export function regionProgress(rows: RegionCountRow[]): RegionProgress[] {
  return rows
    .filter((r) => r.task_count !== null)
    .map((r) => ({
      ...counts(r),
      region:
        r.region_code === null
          ? null
          : { code: r.region_code, ordinal: r.ordinal as number, name: r.region_name, nameEn: r.region_name_en, abbreviation: r.region_abbreviation },
    }));
}

@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cache: AnswerCache,
  ) {}

  /**
   * One statement, its rows kept by the answer cache until the data changes: the counts and the areas come together;
   * the areas prime the request's loader.
   */
  async byArea(planCode: string, loaders: RequestLoaders): Promise<AreaProgress[]> {
    const rows: (CountRow & { area_id: number | null; declared_task_count: number | null; area_json: unknown })[] = await this.cache.get(
      answerKey('progressByArea', planCode),
      () => this.ds.query(prepared(PROGRESS_BY_AREA_SQL), [planCode]),
    );
    if (rows.length === 0 || rows[0].plan_id === null) throw notFound('Plan', planCode);
    return rows
      .filter((r) => r.task_count !== null)
      .map((r) => {
        const area = r.area_json === null ? null : areaFromJson(r.area_json);
        if (area) loaders.of(AreaLoaders).area.prime(area.id, area);
        return { ...counts(r), area, declaredTaskCount: r.declared_task_count };
      });
  }

  /** One statement, its rows kept by the answer cache until the data changes: the counts and the regions' names come together. */
  async byRegion(planCode: string): Promise<RegionProgress[]> {
    const rows: RegionCountRow[] = await this.cache.get(answerKey('progressByRegion', planCode), () =>
      this.ds.query(prepared(PROGRESS_BY_REGION_SQL), [planCode]),
    );
    if (rows.length === 0 || rows[0].plan_id === null) throw notFound('Plan', planCode);
    return regionProgress(rows);
  }

  /** Kept by the answer cache until the data changes (plans and sources included: answers are never modified). */
  roundComparison(loaders: RequestLoaders): Promise<RoundSummary[]> {
    return this.cache.get(answerKey('roundComparison'), () => this.computeRoundComparison(loaders));
  }

  private async computeRoundComparison(loaders: RequestLoaders): Promise<RoundSummary[]> {
    const rows: {
      plan_id: number;
      declared_task_count: number | null;
      task_count: number;
      completed: number;
      reported: number;
      reported_value: number | null;
      reported_qualifier: FigureQualifier | null;
      reported_source_id: number | null;
    }[] = await this.ds.query(ROUND_COMPARISON_SQL);
    return Promise.all(
      rows.map(async (r) => ({
        plan: (await loaders.of(PlanLoaders).plan.load(r.plan_id)) as PlanEntity,
        declaredTaskCount: r.declared_task_count,
        catalogedTaskCount: r.task_count,
        reportedTaskCount: r.reported,
        reportedCompletion:
          r.reported_value === null || r.reported_qualifier === null
            ? null
            : {
                value: r.reported_value,
                qualifier: r.reported_qualifier,
                source: r.reported_source_id === null ? null : await loaders.of(SourceLoaders).source.load(r.reported_source_id),
              },
        computedCompletionRate: computedCompletionRate({ taskCount: r.task_count, completed: r.completed, reported: r.reported }),
      })),
    );
  }
}
