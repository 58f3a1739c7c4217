// Every GraphQL document the dashboard sends, in one place: the page uses only the public API, and a change of the
// schema is fixed here. Each operation is named (the server's logs and the browser test map answers to panels by
// name). The documents marked "issue 15" need fields that a server may not have yet: their panels fail soft.

const AREA_PROGRESS = `
  declaredTaskCount taskCount completed inProgress delayed notStarted suspended notReported overdue completionRate`;

const AREA_PROGRESS_FIELDS = `fragment AreaProgressFields on AreaProgress {
  area { code ordinal name nameEn }${AREA_PROGRESS}
}`;

const REGION_PROGRESS_FIELDS = `fragment RegionProgressFields on RegionProgress {
  region { code ordinal name nameEn abbreviation }
  taskCount completed inProgress delayed notStarted suspended notReported overdue completionRate
}`;

const READING_FIELDS = `fragment ReadingFields on IndicatorReading {
  id kind asOf asOfPrecision value qualifier sourceQuote
  source { title publisher publishedOn url note }
}`;

/** The plans to choose from, with what the page needs to label them and to pick its dates. */
export const PLANS = `query DashboardPlans {
  plans { code round title titleEn periodStart periodEnd timeZone declaredTaskCount catalogedTaskCount
    areas { code ordinal name nameEn } }
}`;

/** Progress by area as it stands now. */
export const PROGRESS_BY_AREA = `query DashboardProgressByArea($planCode: String!) {
  progressByArea(planCode: $planCode) { ...AreaProgressFields }
}
${AREA_PROGRESS_FIELDS}`;

/** Progress by area at the end of a past day (issue 15: `asOf`). */
export const PROGRESS_BY_AREA_AS_OF = `query DashboardProgressByAreaAsOf($planCode: String!, $asOf: LocalDate!) {
  progressByArea(planCode: $planCode, asOf: $asOf) { ...AreaProgressFields }
}
${AREA_PROGRESS_FIELDS}`;

/** Progress by lead region as it stands now. */
export const PROGRESS_BY_REGION = `query DashboardProgressByRegion($planCode: String!) {
  progressByRegion(planCode: $planCode) { ...RegionProgressFields }
}
${REGION_PROGRESS_FIELDS}`;

/** Progress by lead region at the end of a past day (issue 15: `asOf`). */
export const PROGRESS_BY_REGION_AS_OF = `query DashboardProgressByRegionAsOf($planCode: String!, $asOf: LocalDate!) {
  progressByRegion(planCode: $planCode, asOf: $asOf) { ...RegionProgressFields }
}
${REGION_PROGRESS_FIELDS}`;

/** Every round side by side; the evaluations give the quote behind each reported completion. */
export const ROUNDS = `query DashboardRounds {
  roundComparison {
    plan { code round title titleEn periodStart periodEnd
      evaluations { evaluatedOn completion { value qualifier } sourceQuote source { title publisher url } } }
    declaredTaskCount catalogedTaskCount reportedTaskCount computedCompletionRate
    reportedCompletion { value qualifier source { title publisher url } }
  }
}`;

/** The plan's indicators with every reading and target, each with its source and quote. */
export const INDICATORS = `query DashboardIndicators($planCode: String!) {
  plan(code: $planCode) {
    code
    indicators { id code name nameEn unit hasConflicts
      readings { ...ReadingFields } targets { ...ReadingFields } baseline { ...ReadingFields } }
  }
}
${READING_FIELDS}`;

/** Tasks due before today and not completed (the `overdue` filter), the earliest due first. */
export const OVERDUE_TASKS = `query DashboardOverdueTasks($planCode: String!) {
  tasks(planCode: $planCode, filter: { overdue: true }, first: 50, orderBy: DUE_DATE_ASC) {
    totalCount
    edges { node { id code title titleEn dueDate status progress
      area { code name nameEn } leadRegions { code abbreviation nameEn } } }
  }
}`;

export type CoverageGroup = 'AREA' | 'REGION';

/** Who is behind: tasks updated within the window, stale, never reported (issue 15: `updateCoverage`). */
export function coverageDocument(groupBy: CoverageGroup): string {
  // The enum value is written inline, so the document does not depend on the enum type's name.
  return `query DashboardCoverage${groupBy === 'AREA' ? 'ByArea' : 'ByRegion'}($planCode: String!, $staleAfterDays: Int) {
  updateCoverage(planCode: $planCode, groupBy: ${groupBy}, staleAfterDays: $staleAfterDays) {
    area { code ordinal name nameEn } region { code ordinal name nameEn abbreviation }
    taskCount updatedWithin neverReported staleSince overdue
  }
}`;
}

export type TrendInterval = 'MONTH' | 'QUARTER';

/** The plan (or one area) at the end of each month or quarter (issue 15: `progressTrend`). */
export function trendDocument(interval: TrendInterval): string {
  return `query DashboardTrend${interval === 'MONTH' ? 'Monthly' : 'Quarterly'}($planCode: String!, $from: LocalDate!, $to: LocalDate!, $areaCode: String) {
  progressTrend(planCode: $planCode, from: $from, to: $to, interval: ${interval}, areaCode: $areaCode) {
    asOf taskCount completed inProgress notReported overdue completionRate
  }
}`;
}

/** The plan's progress by area after each change (issue 15, over graphql-ws). */
export const PROGRESS_CHANGED = `subscription DashboardProgressChanged($planCode: String!) {
  progressChanged(planCode: $planCode) { ...AreaProgressFields }
}
${AREA_PROGRESS_FIELDS}`;

/** Each change to a task of the plan (issue 15, over graphql-ws). No note or author: a DASHBOARD key may not read them. */
export const TASK_CHANGED = `subscription DashboardTaskChanged($planCode: String!) {
  taskChanged(planCode: $planCode) {
    task { id code title titleEn status progress version overdue area { code } }
    update { version statusTo progressTo occurredOn origin }
  }
}`;

/** The operation names of the documents above that need issue 15's API, by the panel that sends them. */
export const ISSUE_15_OPERATIONS = {
  asOf: ['DashboardProgressByAreaAsOf', 'DashboardProgressByRegionAsOf'],
  coverage: ['DashboardCoverageByArea', 'DashboardCoverageByRegion'],
  trend: ['DashboardTrendMonthly', 'DashboardTrendQuarterly'],
  live: ['DashboardProgressChanged', 'DashboardTaskChanged'],
} as const;

// The shapes of the answers, as the documents above ask for them.
export type Qualifier = 'EXACT' | 'OVER' | 'AT_LEAST' | 'AT_MOST' | 'ABOUT';
export type TaskStatus = 'COMPLETED' | 'IN_PROGRESS' | 'NOT_STARTED' | 'DELAYED' | 'SUSPENDED' | 'NOT_REPORTED';

export interface AreaRef {
  code: string;
  ordinal: number;
  name: string;
  nameEn: string | null;
}
export interface RegionRef {
  code: string;
  ordinal: number;
  name: string;
  nameEn: string;
  abbreviation: string;
}
export interface PlanInfo {
  code: string;
  round: number;
  title: string;
  titleEn: string | null;
  periodStart: number;
  periodEnd: number;
  timeZone: string;
  declaredTaskCount: number | null;
  catalogedTaskCount: number;
  areas: AreaRef[];
}
export interface StatusCounts {
  taskCount: number;
  completed: number;
  inProgress: number;
  delayed: number;
  notStarted: number;
  suspended: number;
  notReported: number;
  overdue: number;
  completionRate: number | null;
}
export interface AreaProgress extends StatusCounts {
  area: AreaRef | null;
  declaredTaskCount: number | null;
}
export interface RegionProgress extends StatusCounts {
  region: RegionRef | null;
}
export interface SourceRef {
  title: string;
  publisher: string | null;
  publishedOn?: string | null;
  url: string | null;
  note?: string | null;
}
export interface Figure {
  value: number;
  qualifier: Qualifier;
}
export interface RoundRow {
  plan: {
    code: string;
    round: number;
    title: string;
    titleEn: string | null;
    periodStart: number;
    periodEnd: number;
    evaluations: { evaluatedOn: string; completion: Figure | null; sourceQuote: string | null; source: SourceRef | null }[];
  };
  declaredTaskCount: number | null;
  catalogedTaskCount: number;
  reportedTaskCount: number;
  computedCompletionRate: number | null;
  reportedCompletion: (Figure & { source: SourceRef | null }) | null;
}
export interface Reading {
  id: string;
  kind: 'ACTUAL' | 'TARGET' | 'BASELINE';
  asOf: string;
  asOfPrecision: string;
  value: number;
  qualifier: Qualifier;
  sourceQuote: string | null;
  source: SourceRef | null;
}
export interface IndicatorSeries {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  unit: string;
  hasConflicts: boolean;
  readings: Reading[];
  targets: Reading[];
  baseline: Reading | null;
}
export interface OverdueTask {
  id: string;
  code: string;
  title: string;
  titleEn: string | null;
  dueDate: string | null;
  status: TaskStatus;
  progress: number | null;
  area: { code: string; name: string; nameEn: string | null } | null;
  leadRegions: { code: string; abbreviation: string; nameEn: string }[];
}
export interface CoverageRow {
  area: AreaRef | null;
  region: RegionRef | null;
  taskCount: number;
  updatedWithin: number;
  neverReported: number;
  staleSince: number | string | null;
  overdue: number;
}
export interface TrendPoint {
  asOf: string;
  taskCount: number;
  completed: number;
  inProgress: number;
  notReported: number;
  overdue: number;
  completionRate: number | null;
}
export interface TaskChange {
  task: {
    id: string;
    code: string;
    title: string;
    titleEn: string | null;
    status: TaskStatus;
    progress: number | null;
    version: number;
    overdue: boolean;
    area: { code: string } | null;
  };
  update: { version: number; statusTo: TaskStatus | null; progressTo: number | null; occurredOn: string | null; origin: string } | null;
}
