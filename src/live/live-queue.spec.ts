import { LiveQueue } from './live-queue';

describe('LiveQueue', () => {
  const hooks = () => ({ onOverflow: jest.fn(), onEnd: jest.fn() });

  it('yields the accepted events of each burst in order, and waits for the next burst', async () => {
    const q = new LiveQueue<number>(10, hooks(), (n) => n % 2 === 0);
    q.push([1, 2, 3, 4]);
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: 4, done: false });
    const later = q.next();
    q.push([5]); // nothing accepted: still waiting
    q.push([6]);
    expect(await later).toEqual({ value: 6, done: false });
    expect(q.pendingBursts).toBe(0);
  });

  it('shares a burst between subscribers instead of copying it', async () => {
    const burst = [1, 2, 3];
    const [a, b] = [new LiveQueue<number>(10, hooks()), new LiveQueue<number>(10, hooks(), (n) => n > 2)];
    a.push(burst);
    b.push(burst);
    expect([await a.next(), await b.next()].map((r) => r.value)).toEqual([1, 3]);
    expect(burst).toEqual([1, 2, 3]);
  });

  it('ends and reports an overflow past maxBursts waiting, dropping what was queued', async () => {
    const h = hooks();
    const q = new LiveQueue<number>(2, h);
    q.push([1]);
    q.push([2]);
    expect(h.onOverflow).not.toHaveBeenCalled();
    q.push([3]);
    expect(h.onOverflow).toHaveBeenCalledTimes(1);
    expect(h.onEnd).toHaveBeenCalledTimes(1);
    expect(q.closed).toBe(true);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a pending next() on return(), calling onEnd once', async () => {
    const h = hooks();
    const q = new LiveQueue<number>(2, h);
    const pending = q.next();
    await q.return();
    await q.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(h.onEnd).toHaveBeenCalledTimes(1);
    q.push([1]);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});
