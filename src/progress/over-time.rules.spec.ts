import { dayProblem, MAX_TREND_POINTS, periodSql, TrendInterval, trendPointCount, trendRangeProblem } from './over-time.rules';

describe('progress over time rules', () => {
  it('counts one trend point per month or quarter that overlaps the range', () => {
    expect(trendPointCount('2024-01-01', '2024-12-31', TrendInterval.MONTH)).toBe(12);
    expect(trendPointCount('2024-01-31', '2024-02-01', TrendInterval.MONTH)).toBe(2);
    expect(trendPointCount('2024-02-15', '2024-08-01', TrendInterval.QUARTER)).toBe(3);
    expect(trendPointCount('2023-12-31', '2024-01-01', TrendInterval.QUARTER)).toBe(2);
    expect(trendPointCount('2024-05-05', '2024-05-05', TrendInterval.MONTH)).toBe(1);
  });

  it('refuses a range that runs backwards or has more than the cap of points, naming the field', () => {
    expect(trendRangeProblem('2024-05-01', '2024-04-30', TrendInterval.MONTH)).toEqual({ field: 'from', message: 'must not be after to (2024-04-30)' });
    expect(trendRangeProblem('2015-01-01', '2024-12-31', TrendInterval.MONTH)).toBeNull();
    expect(trendRangeProblem('2014-12-31', '2024-12-31', TrendInterval.MONTH)?.field).toBe('to');
    expect(trendRangeProblem('1990-01-01', '2019-12-31', TrendInterval.QUARTER)).toBeNull();
    expect(trendPointCount('1990-01-01', '2019-12-31', TrendInterval.QUARTER)).toBe(MAX_TREND_POINTS);
  });

  it('gives the SQL step and unit of each period', () => {
    expect(periodSql(TrendInterval.MONTH)).toEqual({ step: '1 month', unit: 'month' });
    expect(periodSql(TrendInterval.QUARTER)).toEqual({ step: '3 months', unit: 'quarter' });
  });

  it("accepts a day from the plan's first day to its today and refuses the others", () => {
    const plan = { today: '2025-06-30', firstDay: '2024-01-01' };
    expect(dayProblem('2025-06-30', plan)).toBeNull();
    expect(dayProblem('2024-01-01', plan)).toBeNull();
    expect(dayProblem('2025-07-01', plan)).toMatch(/in the future: the plan's today is 2025-06-30/);
    expect(dayProblem('2023-12-31', plan)).toMatch(/before the plan was created in this tracker \(2024-01-01\)/);
  });
});
