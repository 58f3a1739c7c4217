import { CoalescedRead } from './coalesced-read';
import { cacheControlFor, etagFor, ifNoneMatchHits, withVary } from './etag';

describe('CoalescedRead', () => {
  /** A load whose results the test releases one by one. */
  function controlled() {
    const pending: ((v: number) => void)[] = [];
    let started = 0;
    const reader = new CoalescedRead(() => {
      started += 1;
      const n = started;
      return new Promise<number>((resolve) => pending.push(() => resolve(n)));
    });
    return { reader, pending, started: () => started };
  }

  it('shares one load among callers that arrive before it starts, and never hands one a load older than its call', async () => {
    const { reader, pending, started } = controlled();
    const first = reader.read();
    expect(started()).toBe(1);
    // These arrive while load 1 runs: they wait for one new load (2), not for load 1.
    const second = reader.read();
    const third = reader.read();
    expect(started()).toBe(1);
    pending[0](1);
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started()).toBe(2);
    pending[1](2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    // Idle again: the next caller starts its own load.
    const fourth = reader.read();
    expect(started()).toBe(3);
    pending[2](3);
    expect(await fourth).toBe(3);
  });

  it('passes a failed load to its callers and recovers with the next one', async () => {
    let fail = true;
    const reader = new CoalescedRead(async () => {
      if (fail) throw new Error('down');
      return 'up';
    });
    await expect(reader.read()).rejects.toThrow('down');
    fail = false;
    await expect(reader.read()).resolves.toBe('up');
  });
});

describe('ETags and cache headers', () => {
  const inputs = {
    dataState: '5|Asia/Shanghai=2026-01-01|2026-01-01',
    codeFingerprint: 'code',
    url: '/graphql?query=%7Ba%7D',
    viewer: 'ADMIN:',
    mediaType: 'application/json',
  };

  it('gives a weak tag that changes with every input', () => {
    const base = etagFor(inputs);
    expect(base).toMatch(/^W\/"[A-Za-z0-9_-]{22}"$/);
    expect(etagFor({ ...inputs })).toBe(base);
    for (const key of Object.keys(inputs) as (keyof typeof inputs)[]) {
      expect(etagFor({ ...inputs, [key]: `${inputs[key]}x` })).not.toBe(base);
    }
    // Parts cannot run into each other.
    expect(etagFor({ ...inputs, viewer: 'ADMIN', mediaType: ':application/json' })).not.toBe(base);
  });

  it('compares If-None-Match weakly, item by item, and never matches *', () => {
    const tag = 'W/"abc"';
    expect(ifNoneMatchHits('W/"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('"x", W/"abc" ', tag)).toBe(true);
    expect(ifNoneMatchHits(['"x"', 'W/"abc"'], tag)).toBe(true);
    expect(ifNoneMatchHits('"abcd"', tag)).toBe(false);
    expect(ifNoneMatchHits('*', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });

  it('lets shared caches keep only the anonymous view', () => {
    expect(cacheControlFor(true, 15)).toBe('public, max-age=15');
    expect(cacheControlFor(false, 15)).toBe('private, no-cache');
  });

  it('adds Vary tokens once, in lower case', () => {
    expect(withVary('Accept', ['accept', 'authorization'])).toBe('accept, authorization');
    expect(withVary(undefined, ['accept-encoding'])).toBe('accept-encoding');
    expect(withVary(['Origin', 'accept-encoding'], ['accept-encoding'])).toBe('origin, accept-encoding');
  });
});
