import { dateColumn, isCalendarDate, isValidLocalDate, todayUtc } from './local-date';

describe('isValidLocalDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1900-01-01', '2200-12-31', '2024-12-31', '2026-04-30'])('accepts %s', (value) => {
    expect(isValidLocalDate(value)).toBe(true);
  });

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'a century that is not a leap year'],
    ['2024-02-30', 'no such day'],
    ['2024-04-31', 'April has 30 days'],
    ['2024-13-01', 'no such month'],
    ['2024-00-10', 'month zero'],
    ['2024-01-00', 'day zero'],
    ['1899-12-31', 'before 1900'],
    ['2201-01-01', 'after 2200'],
    ['2024-1-01', 'not zero-padded'],
    ['2024-01-01T00:00:00Z', 'a timestamp'],
    [' 2024-01-01', 'surrounding space'],
    ['20240101', 'no dashes'],
    ['', 'empty'],
  ])('rejects %s (%s)', (value) => {
    expect(isValidLocalDate(value)).toBe(false);
  });
});

describe('isCalendarDate', () => {
  it('takes the whole range PostgreSQL sort keys use by default', () => {
    expect(isCalendarDate('0001-01-01')).toBe(true);
    expect(isCalendarDate('9999-12-31')).toBe(true);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });

  it('applies the given year bounds', () => {
    expect(isCalendarDate('2024-06-01', 2024, 2024)).toBe(true);
    expect(isCalendarDate('2025-06-01', 2024, 2024)).toBe(false);
  });
});

describe('todayUtc', () => {
  it('takes the UTC day, whatever the local time zone', () => {
    expect(todayUtc(new Date('2024-03-01T23:59:59.999Z'))).toBe('2024-03-01');
    expect(todayUtc(new Date('2024-03-02T00:00:00+08:00'))).toBe('2024-03-01');
  });

  it('is today by default', () => {
    expect(todayUtc()).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('dateColumn', () => {
  it('reads the local fields of the Date the pg driver builds at local midnight', () => {
    // pg builds `new Date(y, m - 1, d)` for a date column; the day must survive in any time zone.
    expect(dateColumn(new Date(2024, 1, 29))).toBe('2024-02-29');
    expect(dateColumn(new Date(2024, 0, 1))).toBe('2024-01-01');
  });

  it('passes text through and keeps null', () => {
    expect(dateColumn('2024-05-01')).toBe('2024-05-01');
    expect(dateColumn(null)).toBeNull();
    expect(dateColumn(undefined)).toBeNull();
  });

  it('pads years below 1000', () => {
    const d = new Date(2000, 0, 1);
    d.setFullYear(33);
    expect(dateColumn(d)).toBe('0033-01-01');
  });
});
