/**
 * Per-address budget of token lookups that found no key. A lookup is a database statement, so a flood of made-up
 * tokens from one address is refused (RATE_LIMITED) before any lookup once the address has used up its budget:
 * at most `max` failed lookups per window, whatever the rate limiter counts afterwards.
 */
export class LookupBudget {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until this address may look a token up again; 0 while it has budget left. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry || entry.resetAt <= now || entry.count < this.max) return 0;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  recordFailure(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    if (entry && entry.resetAt > now) {
      entry.count += 1;
      return;
    }
    // Bounded memory: expired windows go first, and a flood from very many addresses starts over.
    if (this.failures.size >= 10_000) {
      for (const [key, e] of this.failures) if (e.resetAt <= now) this.failures.delete(key);
      if (this.failures.size >= 10_000) this.failures.clear();
    }
    this.failures.set(address, { count: 1, resetAt: now + this.windowMs });
  }
}
