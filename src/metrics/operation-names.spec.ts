import { OperationNames } from './operation-names';

describe('operation names as metric labels', () => {
  it('keeps GraphQL names, up to a bound, and labels the rest', () => {
    const names = new OperationNames(2);
    expect(names.label('Dashboard')).toBe('Dashboard');
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    expect(names.label('not a name')).toBe('invalid');
    expect(names.label(42)).toBe('invalid');
    expect(names.label('Second')).toBe('Second');
    expect(names.label('Third')).toBe('other');
    expect(names.label('Dashboard')).toBe('Dashboard');
  });
});
