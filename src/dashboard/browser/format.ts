// How figures are written on the page: a reported figure keeps its qualifier ("> 90%", "~9,200 km"), a computed
// rate says it is computed, an unknown stays "—". Plain functions (no DOM), unit-tested in test/dashboard-format.spec.ts.
import type { Qualifier } from './queries';

export type Lang = 'zh' | 'en';

/** The symbol a chart label puts before a figure: "> 90%" for OVER, never "90%". */
export const QUALIFIER_SYMBOL: Record<Qualifier, string> = { EXACT: '', OVER: '> ', AT_LEAST: '≥ ', AT_MOST: '≤ ', ABOUT: '~' };

const QUALIFIER_WORDS: Record<Lang, Record<Qualifier, (figure: string) => string>> = {
  en: { EXACT: (f) => f, OVER: (f) => `over ${f}`, AT_LEAST: (f) => `at least ${f}`, AT_MOST: (f) => `at most ${f}`, ABOUT: (f) => `about ${f}` },
  zh: { EXACT: (f) => f, OVER: (f) => `超过${f}`, AT_LEAST: (f) => `不少于${f}`, AT_MOST: (f) => `不超过${f}`, ABOUT: (f) => `约${f}` },
};

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** A number in the reader's language: 7100 → "7,100"; null → "—". */
export function formatNumber(value: number | null | undefined, lang: Lang, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** A 0–1 fraction as a percentage: 0.9 → "90%"; null → "—". */
export function formatPercent(fraction: number | null | undefined, lang: Lang): string {
  if (fraction === null || fraction === undefined) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/** A figure with its qualifier as a symbol, for chart labels: OVER 0.9 as a rate → "> 90%". */
export function qualifiedSymbol(value: number, qualifier: Qualifier, lang: Lang, opts: { percent?: boolean; unit?: string } = {}): string {
  const figure = opts.percent ? formatPercent(value, lang) : formatNumber(value, lang, 2);
  return `${QUALIFIER_SYMBOL[qualifier]}${figure}${opts.unit ? ` ${opts.unit}` : ''}`;
}

/** A figure with its qualifier in words, for tables and screen readers: OVER 0.9 as a rate → "over 90%" / "超过90%". */
export function qualifiedWords(value: number, qualifier: Qualifier, lang: Lang, opts: { percent?: boolean; unit?: string } = {}): string {
  const figure = (opts.percent ? formatPercent(value, lang) : formatNumber(value, lang, 2)) + (opts.unit ? ` ${opts.unit}` : '');
  return QUALIFIER_WORDS[lang][qualifier](figure);
}

/** Whether the figure is a bound whose true value lies above it (drawn with an open upward marker). */
export const isLowerBound = (q: Qualifier) => q === 'OVER' || q === 'AT_LEAST';
/** Whether the figure is a bound whose true value lies below it (drawn with an open downward marker). */
export const isUpperBound = (q: Qualifier) => q === 'AT_MOST';

/** Today's date (YYYY-MM-DD) on the clock of an IANA time zone: the plan's "today". */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The name to show for a record with a Chinese name and an optional English one. */
export const nameIn = (lang: Lang, r: { name: string; nameEn?: string | null }) => (lang === 'en' && r.nameEn ? r.nameEn : r.name);

/** The title to show for a record with a Chinese title and an optional English one. */
export const titleIn = (lang: Lang, r: { title: string; titleEn?: string | null }) => (lang === 'en' && r.titleEn ? r.titleEn : r.title);

/** The reader's language: the one chosen before, else the browser's first language that is Chinese or English. */
export function pickLang(stored: string | null, languages: readonly string[]): Lang {
  if (stored === 'zh' || stored === 'en') return stored;
  for (const l of languages) {
    const tag = l.toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
