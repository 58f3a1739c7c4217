// Shape of a seed data set: plain data, every record pointing at a source by key.
// Unknown figures are null, never guessed; bounded figures carry their qualifier.

export type RegionCode = 'SH' | 'JS' | 'ZJ' | 'AH';
export type FigureQualifier = 'EXACT' | 'AT_LEAST' | 'OVER' | 'ABOUT' | 'AT_MOST';
/** How precisely a date is known: "Dec 2024" is MONTH, "end-2022" is YEAR (stored as the period's last day). */
export type DatePrecision = 'DAY' | 'MONTH' | 'QUARTER' | 'HALF_YEAR' | 'YEAR';
/** How a task's area is known (see the reference notes). */
export type AreaBasis = 'STATED' | 'BRIEFING_ORDER' | 'NOT_STATED';

export interface SeedSource {
  key: string;
  title: string;
  publisher: string;
  url: string | null;
  publishedOn: string | null; // YYYY-MM-DD
  /** e.g. "repost on a third-party site (mirror)" */
  note: string | null;
}

export interface SeedPlan {
  code: string;
  round: number;
  title: string;
  titleEn: string;
  issuer: string;
  periodStart: number;
  periodEnd: number;
  declaredTaskCount: number | null;
  issuedOn: string | null; // YYYY-MM-DD
  /** What happened on issuedOn: "reviewed and agreed in principle at the leaders' symposium, Shanghai" */
  issuedNote: string | null;
  sourceKey: string;
  /** IANA time zone: the plan's rules use the date on this clock. */
  timeZone: string;
}

export interface SeedArea {
  planCode: string;
  ordinal: number;
  code: string;
  name: string;
  nameEn: string;
  declaredTaskCount: number | null;
  sourceKey: string;
  note: string | null;
}

export interface SeedTask {
  planCode: string;
  code: string;
  areaCode: string | null;
  areaBasis: AreaBasis;
  title: string;
  titleEn: string;
  description: string | null;
  leadRegions: RegionCode[];
  sourceKey: string;
  /** Says how the area is known ("area from briefing order") and anything else a reader must know. */
  sourceNote: string;
}

export interface SeedFigure {
  value: number;
  qualifier: FigureQualifier;
}

export interface SeedEvaluation {
  planCode: string;
  evaluatedOn: string; // YYYY-MM-DD (period end when only the year is known)
  evaluatedOnPrecision: DatePrecision;
  taskCount: number | null;
  completion: SeedFigure | null; // a percentage, e.g. { value: 90, qualifier: 'OVER' }
  sourceKey: string;
  note: string | null;
}

export interface SeedReading extends SeedFigure {
  asOf: string; // YYYY-MM-DD
  asOfPrecision: DatePrecision;
  sourceKey: string;
  note: string | null;
}

export interface SeedIndicator {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  planCode: string | null;
  taskCode: string | null; // within planCode
  baseline: SeedReading | null;
  target: SeedReading | null;
  readings: SeedReading[];
}

export interface SeedDataSet {
  sources: SeedSource[];
  plans: SeedPlan[];
  areas: SeedArea[];
  tasks: SeedTask[];
  evaluations: SeedEvaluation[];
  indicators: SeedIndicator[];
}
