const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const daysInMonth = (y: number, m: number) => (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** True for a real calendar date written YYYY-MM-DD with a year in [minYear, maxYear] (2024-02-30 is false). */
export function isCalendarDate(value: string, minYear = 1, maxYear = 9999): boolean {
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= minYear && y <= maxYear && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** True for a real calendar date written YYYY-MM-DD between 1900 and 2200 (2024-02-30 is false). */
export function isValidLocalDate(value: string): boolean {
  return isCalendarDate(value, 1900, 2200);
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A `date` column as YYYY-MM-DD. The pg driver turns a date into a Date at LOCAL midnight, so its local
 * fields hold the stored day; toISOString() would shift it a day back east of UTC.
 */
export function dateColumn(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
