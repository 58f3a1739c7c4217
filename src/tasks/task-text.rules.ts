// The rules for a task's free text (title, titleEn, lead agencies), as plain functions with no Nest or TypeORM
// import: the API's input validation and the import file's checks both call them, so every value the API accepts
// survives export → import exactly, and the import accepts nothing the API would refuse.

/** Longest title or titleEn, in characters (code points, as PostgreSQL counts them). */
export const TASK_TITLE_MAX = 500;
/** Longest lead agency name, in characters. */
export const AGENCY_MAX = 200;
/** Most lead agencies on one task. */
export const AGENCIES_MAX = 20;
/** Separates the items of leadRegions and leadAgencies in a CSV cell; agency names may not hold it. */
export const LIST_SEPARATOR = '|';

// Titles may hold tab and line breaks (the CSV format quotes them); no other C0/C1 control character.
const TITLE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// In a `u` regex a surrogate pair is one code point, so this matches only a lone half, which PostgreSQL cannot store.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Length in code points: what PostgreSQL stores, not JavaScript's UTF-16 units. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Why a title (or titleEn) is refused, or null when it is fine. */
export function titleProblem(text: string, max = TASK_TITLE_MAX): string | null {
  if (!/\S/.test(text)) return 'must not be blank';
  if (charCount(text) > max) return `must be at most ${max} characters`;
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text';
  if (TITLE_CONTROL.test(text)) return 'must not contain control characters (tab and line breaks are fine)';
  return null;
}

/** Why one lead agency name is refused, or null when it is fine. */
export function agencyProblem(name: string): string | null {
  if (!/\S/.test(name)) return 'must not be blank';
  if (charCount(name) > AGENCY_MAX) return `must be at most ${AGENCY_MAX} characters`;
  if (LONE_SURROGATE.test(name)) return 'must be valid Unicode text';
  if (ANY_CONTROL.test(name)) return 'must not contain line breaks or control characters';
  if (name.includes(LIST_SEPARATOR)) return `must not contain "${LIST_SEPARATOR}" (it separates agencies in a CSV cell)`;
  if (name !== name.trim()) return 'must not start or end with a space';
  return null;
}

/** Why a list of lead agencies is refused (naming the first bad item), or null when it is fine. */
export function agencyListProblem(names: readonly string[]): string | null {
  if (names.length > AGENCIES_MAX) return `must name at most ${AGENCIES_MAX} agencies`;
  for (const name of names) {
    const problem = agencyProblem(name);
    if (problem) return `each agency ${problem}`;
  }
  return null;
}
