import { AreaLoaders } from '../areas/area.loaders';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreaEntity } from '../areas/area.entity';
import { RegionCode } from '../common/domain-enums';
import { notFound } from '../common/errors/domain.exception';
import { RequestLoaders } from '../common/loaders/request-loaders';
import { prepared } from '../common/sql/prepared';
import { CoverageGroupBy, UpdateCoverage } from './progress-over-time.types';
import { UPDATE_COVERAGE_SQL } from './update-coverage.sql';

interface CoverageRow {
  plan_id: number | null;
  window_start: string;
  ordinal: number | null;
  area_json: AreaEntity | null;
  region_json: { code: RegionCode; ordinal: number; name: string; nameEn: string; abbreviation: string } | null;
  task_count: number | null;
  updated_within: number;
  never_reported: number;
  overdue: number;
  stale_since: string | null;
}

/** "Who is behind": update coverage of a plan's groups, in one statement (see update-coverage.sql.ts). */
@Injectable()
export class UpdateCoverageService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async coverage(planCode: string, groupBy: CoverageGroupBy, staleAfterDays: number, loaders: RequestLoaders): Promise<UpdateCoverage[]> {
    const rows: CoverageRow[] = await this.ds.query(prepared(UPDATE_COVERAGE_SQL), [planCode, groupBy === CoverageGroupBy.REGION, staleAfterDays]);
    if (rows.length === 0 || rows[0].plan_id === null) throw notFound('Plan', planCode);
    return rows
      .filter((r) => r.task_count !== null)
      .map((r) => {
        const area = r.area_json === null ? null : Object.assign(new AreaEntity(), r.area_json);
        if (area) loaders.of(AreaLoaders).area.prime(area.id, area);
        const taskCount = r.task_count as number;
        return {
          area,
          region: r.region_json,
          taskCount,
          windowStart: r.window_start,
          updatedWithin: r.updated_within,
          stale: taskCount - r.updated_within - r.never_reported,
          neverReported: r.never_reported,
          staleSince: r.stale_since,
          overdue: r.overdue,
        };
      });
  }
}
