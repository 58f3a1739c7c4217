/**
 * Single-flight reads that stay fresh: every caller gets a value from a load that STARTED after its call, so a
 * request never sees a state older than its own arrival (a client that wrote and then revalidates sees its write),
 * while concurrent callers share loads: one running, at most one queued behind it for everyone who came meanwhile.
 */
export class CoalescedRead<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly load: () => Promise<T>) {}

  read(): Promise<T> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    // The running load began before this call: wait for it to end, then share the next one.
    const settle = () => {
      this.queued = null;
      return this.start();
    };
    this.queued = this.running.then(settle, settle);
    return this.queued;
  }

  private start(): Promise<T> {
    const load = this.load();
    this.running = load;
    const clear = () => {
      if (this.running === load) this.running = null;
    };
    load.then(clear, clear);
    return load;
  }
}
