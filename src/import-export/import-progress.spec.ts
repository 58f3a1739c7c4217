import { importPhaseLabel } from './import-progress';

describe('importPhaseLabel', () => {
  it('never says "writing" during a dry run', () => {
    expect(importPhaseLabel('check', true)).toBe('checking');
    expect(importPhaseLabel('write', true)).not.toMatch(/writ/i);
    expect(importPhaseLabel('write', true)).toMatch(/dry run/);
    expect(importPhaseLabel('write', false)).toBe('writing');
  });
});
