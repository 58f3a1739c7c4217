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
  valuesMap: {
    NOT_REPORTED: { description: 'Nobody has reported on the task yet; it carries no progress, and a reported task never returns to it.' },
    NOT_STARTED: { description: 'Reported as not started.' },
    IN_PROGRESS: { description: 'Reported as under way; progress (0–100) may say how far.' },
    COMPLETED: { description: 'Reported as done; progress is 100 while the task keeps this status.' },
    DELAYED: { description: 'Reported as behind schedule (a reported status; compare the computed `overdue`).' },
    SUSPENDED: { description: 'Reported as halted.' },
  },
});
registerEnumType(RegionCode, {
  name: 'RegionCode',
  description: 'The four provincial-level regions of the Yangtze River Delta.',
  valuesMap: {
    SH: { description: 'Shanghai (上海).' },
    JS: { description: 'Jiangsu (江苏).' },
    ZJ: { description: 'Zhejiang (浙江).' },
    AH: { description: 'Anhui (安徽).' },
  },
});
registerEnumType(FigureQualifier, {
  name: 'FigureQualifier',
  description: 'How a figure relates to the true value: "over 7,100 km" is OVER 7100, never 7100 exact.',
  valuesMap: {
    EXACT: { description: 'The figure is the value as stated.' },
    AT_LEAST: { description: 'The true value is the figure or more ("at least", "不少于").' },
    OVER: { description: 'The true value is more than the figure ("over", "超过").' },
    ABOUT: { description: 'The figure is approximate ("about", "约").' },
    AT_MOST: { description: 'The true value is the figure or less ("at most", "不超过").' },
  },
});
registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How precisely a date is known; the date is the last day of the period.',
  valuesMap: {
    DAY: { description: 'The date is known to the day.' },
    MONTH: { description: 'Only the month is known; the date is its last day.' },
    QUARTER: { description: 'Only the quarter is known; the date is its last day.' },
    HALF_YEAR: { description: 'Only the half-year is known; the date is 30 June or 31 December.' },
    YEAR: { description: 'Only the year is known; the date is 31 December.' },
  },
});
registerEnumType(AreaBasis, {
  name: 'AreaBasis',
  description: "How a task's area is known: STATED by the source, read from BRIEFING_ORDER, or NOT_STATED (no area).",
  valuesMap: {
    STATED: { description: "The source names the task's area." },
    BRIEFING_ORDER: { description: 'Inferred from the order in which a press briefing listed the tasks under its areas, not stated outright.' },
    NOT_STATED: { description: 'No source ties the task to an area; its area is null.' },
  },
});
registerEnumType(ReadingKind, {
  name: 'ReadingKind',
  description: 'What an indicator reading records.',
  valuesMap: {
    ACTUAL: { description: 'A measured value as of its date.' },
    TARGET: { description: 'The value the plan aims for by its date.' },
    BASELINE: { description: 'The starting value the plan measures against.' },
  },
});
registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do.',
  valuesMap: {
    ADMIN: { description: 'Everything: keys, plans, areas, tasks, evaluations, imports.' },
    EDITOR: { description: "Record task updates and indicator readings, only for tasks led by one of the key's regions." },
    ANALYST: { description: 'Read everything, including update notes and authors; export.' },
    DASHBOARD: {
      description:
        'Read plans, areas, tasks, progress, indicator readings and their sources; not the notes of updates or readings, update evidence or authors.',
    },
  },
});
