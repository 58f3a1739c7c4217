// Shape of a seed data set: plain data, every record pointing at a source by key and keeping the sentence of that
// source it rests on (sourceQuote). Unknown figures are null, never guessed; bounded figures carry their qualifier.

export type RegionCode = 'SH' | 'JS' | 'ZJ' | 'AH';
export type FigureQualifier = 'EXACT' | 'AT_LEAST' | 'OVER' | 'ABOUT' | 'AT_MOST';
/** How precisely a date is known: "Dec 2024" is MONTH, "end-2022" is YEAR (stored as the period's last day). */
export type DatePrecision = 'DAY' | 'MONTH' | 'QUARTER' | 'HALF_YEAR' | 'YEAR';
/** How a task's area is known (see the reference notes). */
export type AreaBasis = 'STATED' | 'BRIEFING_ORDER' | 'NOT_STATED';

export interface SeedSource {
  key: string;
  /** The page's own title, in its language. */
  title: string;
  publisher: string;
  /** The address it was read at (the stored copy's address). */
  url: string;
  /** YYYY-MM-DD, from the page, or from its URL path when only that dates it (the note says so). */
  publishedOn: string;
  /** "mirror/repost of <original publisher>'s text on a third-party site" when it is one. */
  note: string | null;
}

/** The shortest verbatim quote from the record's source that makes the claim, in the source's language. */
export type SourceQuote = string;

export interface SeedPlan {
  code: string;
  round: number;
  title: string;
  titleEn: string;
  issuer: string | null;
  periodStart: number;
  periodEnd: number;
  declaredTaskCount: number | null;
  issuedOn: string | null; // YYYY-MM-DD
  /** What happened on issuedOn: "reviewed and agreed in principle at the leaders' symposium, Shanghai" */
  issuedNote: string | null;
  sourceKey: string;
  /** IANA time zone: the plan's rules use the date on this clock. */
  timeZone: string;
  sourceQuote: SourceQuote;
}

export interface SeedArea {
  planCode: string;
  ordinal: number;
  code: string;
  name: string;
  nameEn: string;
  declaredTaskCount: number | null;
  sourceKey: string;
  /** Names the area and, when declaredTaskCount is given, states that count. */
  sourceQuote: SourceQuote;
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
  sourceQuote: SourceQuote;
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
  sourceQuote: SourceQuote;
  note: string | null;
}

export interface SeedReading extends SeedFigure {
  asOf: string; // YYYY-MM-DD
  asOfPrecision: DatePrecision;
  sourceKey: string;
  sourceQuote: SourceQuote;
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

export type SeedTaskStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'DELAYED' | 'SUSPENDED';

/** A status or progress a source states for a task at a date (becomes a task update with origin SEED). */
export interface SeedTaskUpdate {
  planCode: string;
  taskCode: string;
  /** Only a status the source states in words (建成/已完成 → COMPLETED; 加快实施/推进中/已开工 → IN_PROGRESS). */
  status: SeedTaskStatus;
  /** 0–100 only when the source states a share; else null (COMPLETED implies 100). */
  progress: number | null;
  /** YYYY-MM-DD: the date the source states the fact as of (its publication date for "目前/已"). */
  occurredOn: string;
  /** English one-liner of what the source says. */
  note: string;
  sourceKey: string;
  sourceQuote: SourceQuote;
}

/** A reading or target on an indicator defined elsewhere (another data set, or the same one). */
export interface SeedReadingAddition {
  indicatorCode: string;
  kind: 'reading' | 'target';
  reading: SeedReading;
}

export interface SeedDataSet {
  sources: SeedSource[];
  plans: SeedPlan[];
  areas: SeedArea[];
  tasks: SeedTask[];
  evaluations: SeedEvaluation[];
  indicators: SeedIndicator[];
  taskUpdates: SeedTaskUpdate[];
  /** Readings and targets on indicators of the set beyond each one's single target (e.g. other plans' targets). */
  readings?: SeedReadingAddition[];
}

/** Records added to a data set by a second file: new tasks, indicators, readings on existing indicators, updates. */
export interface SeedAdditions {
  sources: SeedSource[];
  tasks: SeedTask[];
  indicators: SeedIndicator[];
  readings: SeedReadingAddition[];
  taskUpdates: SeedTaskUpdate[];
}
