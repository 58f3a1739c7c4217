import { constants, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { compactHeap } from './compact-heap';

describe('compactHeap', () => {
  it('runs a full collection of this thread, every time it is called', async () => {
    const entries: { kind: number; startTime: number }[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind: number } })[]) {
        entries.push({ kind: e.detail!.kind, startTime: e.startTime });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      for (const round of [1, 2]) {
        const calledAt = performance.now();
        compactHeap();
        // gc entries are delivered asynchronously: wait for one that started after the call (at most 10 s).
        const major = () => entries.some((e) => e.kind === constants.NODE_PERFORMANCE_GC_MAJOR && e.startTime >= calledAt);
        for (let waited = 0; !major() && waited < 10000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        expect({ round, major: major() }).toEqual({ round, major: true });
      }
    } finally {
      observer.disconnect();
    }
  });

  it("neither adds nor replaces this context's global gc", () => {
    // Under Jest a gc may already be there: --expose-gc, once set by an earlier file, gives one to every new context.
    const before = (globalThis as { gc?: unknown }).gc;
    compactHeap();
    expect((globalThis as { gc?: unknown }).gc).toBe(before);
  });
});
