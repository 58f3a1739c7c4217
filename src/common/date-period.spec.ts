import { DatePrecision } from './domain-enums';
import { isPeriodEnd, periodDateProblem, periodStart } from './date-period';

describe('dates of coarse precision', () => {
  it.each([
    ['2024-06-17', DatePrecision.DAY, true],
    ['2024-02-29', DatePrecision.MONTH, true],
    ['2023-02-28', DatePrecision.MONTH, true],
    ['2024-02-28', DatePrecision.MONTH, false],
    ['2024-03-31', DatePrecision.QUARTER, true],
    ['2024-04-30', DatePrecision.QUARTER, false],
    ['2024-06-30', DatePrecision.HALF_YEAR, true],
    ['2024-09-30', DatePrecision.HALF_YEAR, false],
    ['2024-12-31', DatePrecision.YEAR, true],
    ['2024-06-30', DatePrecision.YEAR, false],
  ])('isPeriodEnd(%s, %s) is %s', (date, precision, expected) => {
    expect(isPeriodEnd(date, precision)).toBe(expected);
  });

  it.each([
    ['2024-12-31', DatePrecision.YEAR, '2024-01-01'],
    ['2024-12-31', DatePrecision.HALF_YEAR, '2024-07-01'],
    ['2024-09-30', DatePrecision.QUARTER, '2024-07-01'],
    ['2024-02-29', DatePrecision.MONTH, '2024-02-01'],
    ['2024-02-17', DatePrecision.DAY, '2024-02-17'],
  ])('periodStart(%s, %s) is %s', (date, precision, expected) => {
    expect(periodStart(date, precision)).toBe(expected);
  });

  it('accepts the current period dated at its end, and refuses a period that has not begun', () => {
    expect(periodDateProblem('2025-12-31', DatePrecision.YEAR, '2025-06-15', true)).toBeNull();
    expect(periodDateProblem('2025-06-30', DatePrecision.MONTH, '2025-06-15', true)).toBeNull();
    expect(periodDateProblem('2025-07-31', DatePrecision.MONTH, '2025-06-15', true)).toMatch(/future/);
    expect(periodDateProblem('2025-06-16', DatePrecision.DAY, '2025-06-15', true)).toMatch(/future/);
    expect(periodDateProblem('2030-12-31', DatePrecision.YEAR, '2025-06-15', false)).toBeNull();
  });

  it('names the precision when a date is not the end of its period', () => {
    expect(periodDateProblem('2025-06-30', DatePrecision.YEAR, '2025-06-15', true)).toMatch(/last day of its period \(precision YEAR\)/);
  });
});
