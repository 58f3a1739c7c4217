import { registerEnumType } from '@nestjs/graphql';

export enum TaskStatus {
  NOT_REPORTED = 'NOT_REPORTED',
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  DELAYED = 'DELAYED',
  SUSPENDED = 'SUSPENDED',
}

export enum RegionCode {
  SH = 'SH',
  JS = 'JS',
  ZJ = 'ZJ',
  AH = 'AH',
}

export enum FigureQualifier {
  EXACT = 'EXACT',
  AT_LEAST = 'AT_LEAST',
  OVER = 'OVER',
  ABOUT = 'ABOUT',
  AT_MOST = 'AT_MOST',
}

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  HALF_YEAR = 'HALF_YEAR',
  YEAR = 'YEAR',
}

export enum AreaBasis {
  STATED = 'STATED',
  BRIEFING_ORDER = 'BRIEFING_ORDER',
  NOT_STATED = 'NOT_STATED',
}

export enum ReadingKind {
  ACTUAL = 'ACTUAL',
  TARGET = 'TARGET',
  BASELINE = 'BASELINE',
}

export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  ANALYST = 'ANALYST',
  DASHBOARD = 'DASHBOARD',
}

registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'NOT_REPORTED means no status has been reported yet (the honest state of every seeded round-3 task).',
});
registerEnumType(RegionCode, { name: 'RegionCode' });
registerEnumType(FigureQualifier, {
  name: 'FigureQualifier',
  description: 'How a figure relates to the true value: "over 7,100 km" is OVER 7100, never 7100 exact.',
});
registerEnumType(DatePrecision, { name: 'DatePrecision', description: 'How precisely a date is known; the date is the last day of the period.' });
registerEnumType(AreaBasis, {
  name: 'AreaBasis',
  description: 'How a task\'s area is known: STATED by the source, read from BRIEFING_ORDER, or NOT_STATED (no area).',
});
registerEnumType(ReadingKind, { name: 'ReadingKind' });
registerEnumType(Role, { name: 'Role' });
