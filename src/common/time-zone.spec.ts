import { canonicalTimeZone, todayIn } from './time-zone';

describe('canonicalTimeZone', () => {
  it.each([
    ['Asia/Shanghai', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['UTC', 'UTC'],
    ['Etc/GMT+12', 'Etc/GMT+12'],
    ['Pacific/Kiritimati', 'Pacific/Kiritimati'],
  ])('accepts %s as %s', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });

  it.each(['Mars/Olympus', '', '+08:00', 'Asia/Shanghai; DROP TABLE plan', 'x'.repeat(65)])('refuses %j', (name) => {
    expect(canonicalTimeZone(name)).toBeNull();
  });
});

describe('todayIn', () => {
  it("is the date on the zone's clock", () => {
    const instant = new Date('2026-03-01T20:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-03-01');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-03-02');
    expect(todayIn('Pacific/Kiritimati', instant)).toBe('2026-03-02');
    expect(todayIn('Etc/GMT+12', instant)).toBe('2026-03-01');
    expect(todayIn('Etc/GMT+12', new Date('2026-03-01T11:59:59Z'))).toBe('2026-02-28');
  });
});
