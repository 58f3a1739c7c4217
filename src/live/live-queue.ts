/**
 * The events of one subscription, waiting for the transport to take them: an async iterator (what a GraphQL
 * subscription resolver returns) over bursts of events. A burst (the changes one commit, or one turn of the event
 * loop, announced) is pushed once and shared by every subscriber: a subscription holds a reference and a cursor into
 * it, never a copy, so a 50,000-row import costs each subscriber a pointer, not 50,000. `accept` picks this
 * subscription's events out of a burst.
 *
 * The queue never holds more than `maxBursts` bursts: pushing onto a full one calls `onOverflow` (the client is that
 * far behind; it is dropped, not buffered for) and ends the iterator. Ending it any way (return(), overflow, close())
 * calls `onEnd` once.
 */
export class LiveQueue<T> implements AsyncIterableIterator<T> {
  private readonly bursts: (readonly T[])[] = [];
  private cursor = 0;
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private ended = false;

  constructor(
    private readonly maxBursts: number,
    private readonly hooks: { onOverflow: () => void; onEnd: () => void },
    private readonly accept: (item: T) => boolean = () => true,
  ) {}

  /** Bursts not yet taken in full. */
  get pendingBursts(): number {
    return this.bursts.length;
  }

  get closed(): boolean {
    return this.ended;
  }

  push(burst: readonly T[]): void {
    if (this.ended || burst.length === 0) return;
    if (this.bursts.length >= this.maxBursts) {
      this.close();
      this.hooks.onOverflow();
      return;
    }
    this.bursts.push(burst);
    if (this.waiting) {
      const item = this.take();
      if (item.done) return;
      const give = this.waiting;
      this.waiting = null;
      give(item);
    }
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.take();
    if (!item.done || this.ended) return Promise.resolve(item);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** Ends the iterator: what is queued is dropped, a pending next() resolves as done. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.bursts.length = 0;
    const give = this.waiting;
    this.waiting = null;
    give?.({ value: undefined, done: true });
    this.hooks.onEnd();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** The next accepted event, or done when none is queued. */
  private take(): IteratorResult<T> {
    while (this.bursts.length) {
      const burst = this.bursts[0];
      let found: { item: T } | null = null;
      while (this.cursor < burst.length && !found) {
        const item = burst[this.cursor++];
        if (this.accept(item)) found = { item };
      }
      if (this.cursor >= burst.length) {
        // Taken in full: it no longer counts against maxBursts.
        this.bursts.shift();
        this.cursor = 0;
      }
      if (found) return { value: found.item, done: false };
    }
    return { value: undefined, done: true };
  }
}
