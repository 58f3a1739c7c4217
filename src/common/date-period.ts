// Dates of coarse precision: a figure "as of 2024" is dated 2024-12-31, the last day of its period.
import { DatePrecision } from './domain-enums';

const MONTHS_IN: Record<DatePrecision, number> = {
  [DatePrecision.DAY]: 0,
  [DatePrecision.MONTH]: 1,
  [DatePrecision.QUARTER]: 3,
  [DatePrecision.HALF_YEAR]: 6,
  [DatePrecision.YEAR]: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** True when a YYYY-MM-DD date is the last day of a period of this precision (any day for DAY). */
export function isPeriodEnd(date: string, precision: DatePrecision): boolean {
  const months = MONTHS_IN[precision];
  if (months === 0) return true;
  const [y, m, d] = date.split('-').map(Number);
  return m % months === 0 && d === lastDayOfMonth(y, m);
}

/** The first day of the period that ends on (or contains) this date. */
export function periodStart(date: string, precision: DatePrecision): string {
  const months = MONTHS_IN[precision];
  if (months === 0) return date;
  const [y, m] = date.split('-').map(Number);
  const firstMonth = Math.floor((m - 1) / months) * months + 1;
  return `${y}-${pad(firstMonth)}-01`;
}

/** What is wrong with a dated figure's date, or null: it must end its period and, when `started`, not lie wholly in the future. */
export function periodDateProblem(date: string, precision: DatePrecision, today: string, started: boolean): string | null {
  if (!isPeriodEnd(date, precision)) return `must be the last day of its period (precision ${precision})`;
  if (started && periodStart(date, precision) > today) return 'must not be in the future';
  return null;
}
