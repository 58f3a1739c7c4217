import { DataSource } from 'typeorm';
import { ProgressCompactor } from './progress-compactor.service';

// The tally timer's round, with the database's answers scripted: it folds only when the data version has moved since
// the last fold. (The fold itself, on a real database, is in test/task-tally.spec.ts.)
describe('ProgressCompactor: the tally round', () => {
  function compactor(versions: string[]) {
    const sent: string[] = [];
    const ds = {
      isInitialized: true,
      options: { extra: { max: 10 } },
      query: jest.fn(async (sql: string) => {
        sent.push(sql);
        if (/FROM data_version/.test(sql)) return [{ version: versions.shift() }];
        if (/task_tally_compact/.test(sql)) return [{ removed: 3 }];
        throw new Error(`unexpected: ${sql}`);
      }),
    };
    const round = new ProgressCompactor(ds as unknown as DataSource) as unknown as { compactTalliesIfWritten(): Promise<number> };
    return { round: () => round.compactTalliesIfWritten(), folds: () => sent.filter((q) => /task_tally_compact/.test(q)).length, sent };
  }

  it('folds on its first round, then only after the data version moves', async () => {
    const c = compactor(['7', '7', '7', '9', '9']);
    expect(await c.round()).toBe(3);
    expect(await c.round()).toBe(0);
    expect(await c.round()).toBe(0);
    expect(c.folds()).toBe(1);
    expect(await c.round()).toBe(3);
    expect(await c.round()).toBe(0);
    expect(c.folds()).toBe(2);
    // An idle round is one small read, marked as background work.
    expect(c.sent).toHaveLength(7);
    expect(c.sent.every((q) => q.startsWith('/* background */'))).toBe(true);
  });
});
