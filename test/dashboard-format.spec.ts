// How the dashboard writes figures (src/dashboard/browser/format.ts): a bound keeps its qualifier, unknown stays "—".
import { formatNumber, formatPercent, pickLang, qualifiedSymbol, qualifiedWords, todayIn } from '../src/dashboard/browser/format';

describe('dashboard figures', () => {
  it('labels a reported bound as a bound, never as the bare figure', () => {
    expect(qualifiedSymbol(0.9, 'OVER', 'en', { percent: true })).toBe('> 90%');
    expect(qualifiedSymbol(7100, 'AT_LEAST', 'en')).toBe('≥ 7,100');
    expect(qualifiedSymbol(1.9, 'AT_MOST', 'en')).toBe('≤ 1.9');
    expect(qualifiedSymbol(9200, 'ABOUT', 'en', { unit: 'km' })).toBe('~9,200 km');
    expect(qualifiedSymbol(6704.4, 'EXACT', 'en')).toBe('6,704.4');
  });

  it("says the qualifier in words in the reader's language", () => {
    expect(qualifiedWords(0.9, 'OVER', 'en', { percent: true })).toBe('over 90%');
    expect(qualifiedWords(0.9, 'OVER', 'zh', { percent: true })).toBe('超过90%');
    expect(qualifiedWords(8000, 'ABOUT', 'zh', { unit: 'km' })).toBe('约8,000 km');
    expect(qualifiedWords(30000, 'EXACT', 'en', { unit: '家' })).toBe('30,000 家');
  });

  it('writes an unknown as a dash, not as zero', () => {
    expect(formatPercent(null, 'en')).toBe('—');
    expect(formatNumber(undefined, 'zh')).toBe('—');
    expect(formatPercent(0, 'en')).toBe('0%');
  });

  it("takes the plan's day on its own clock", () => {
    const lateUtc = new Date('2026-03-31T20:00:00Z');
    expect(todayIn('Asia/Shanghai', lateUtc)).toBe('2026-04-01');
    expect(todayIn('UTC', lateUtc)).toBe('2026-03-31');
  });

  it("picks the language chosen before, else the browser's first Chinese or English one", () => {
    expect(pickLang(null, ['zh-TW', 'en'])).toBe('zh');
    expect(pickLang(null, ['de-DE', 'en-GB', 'zh-CN'])).toBe('en');
    expect(pickLang(null, ['fr'])).toBe('en');
    expect(pickLang('zh', ['en-US'])).toBe('zh');
  });
});
