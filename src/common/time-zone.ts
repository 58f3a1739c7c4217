// Plans keep their own day: each has an IANA time zone, and "today" for its rules is the date on that clock.
// Plain functions (Intl only), so a unit test needs no app.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter printing YYYY-MM-DD in the zone (en-CA writes dates that way); throws RangeError for an unknown zone. */
function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical spelling of an IANA time zone name ("asia/shanghai" → "Asia/Shanghai"), or null when it is not one. */
export function canonicalTimeZone(name: string): string | null {
  // Intl also takes offsets such as "+08:00"; a plan's zone must be a name, so its day follows daylight saving rules.
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Today's date in the time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dateFormatter(timeZone).format(now);
}

/** SQL for the date on a plan's clock, given an SQL expression for its time zone (a column such as `p.time_zone`). */
export const planTodaySql = (timeZone: string) => `(now() AT TIME ZONE ${timeZone})::date`;
