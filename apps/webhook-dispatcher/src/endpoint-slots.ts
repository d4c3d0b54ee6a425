/**
 * At most `limit` attempts in flight per webhook endpoint in this process, so a slow receiver holds
 * a few of the worker's slots and never all of them. In memory: taking a slot costs no round trip,
 * which matters at thousands of deliveries a second; with R dispatcher replicas an endpoint sees at
 * most R × limit concurrent requests.
 *
 * A caller may wait briefly for a slot of a fast endpoint, which frees one within milliseconds, so
 * its deliveries go out at once instead of being put back on the queue. For an endpoint that is
 * slow (an attempt in flight for longer than SLOW_MS) nobody waits: the delivery is re-scheduled
 * rather than holding a worker.
 */
const SLOW_MS = 250;

export class EndpointSlots {
  private readonly inUse = new Map<string, number>();
  /** Start times of the attempts in flight, per endpoint. */
  private readonly started = new Map<string, Set<{ at: number }>>();
  private readonly waiters = new Map<string, Array<(release: () => void) => void>>();

  constructor(private readonly limit: number) {}

  /** A release function when a slot was free (call it once the attempt is over), null otherwise. */
  tryAcquire(endpointId: string): (() => void) | null {
    const used = this.inUse.get(endpointId) ?? 0;
    if (used >= this.limit) return null;
    this.inUse.set(endpointId, used + 1);
    return this.releaser(endpointId);
  }

  /**
   * Like tryAcquire, but waits up to `maxWaitMs` (first come, first served) for a slot to free,
   * unless the endpoint is slow.
   */
  acquire(endpointId: string, maxWaitMs: number): Promise<(() => void) | null> {
    const now = this.tryAcquire(endpointId);
    if (now || maxWaitMs <= 0 || this.isSlow(endpointId)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const queue = this.waiters.get(endpointId) ?? [];
      this.waiters.set(endpointId, queue);
      const waiter = (release: () => void) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        if (queue.length === 0 && this.waiters.get(endpointId) === queue) this.waiters.delete(endpointId);
        resolve(null);
      }, maxWaitMs);
      queue.push(waiter);
    });
  }

  inFlight(endpointId: string): number {
    return this.inUse.get(endpointId) ?? 0;
  }

  /** An attempt to it has been in flight for longer than SLOW_MS. */
  isSlow(endpointId: string): boolean {
    const cutoff = Date.now() - SLOW_MS;
    for (const s of this.started.get(endpointId) ?? []) if (s.at < cutoff) return true;
    return false;
  }

  private releaser(endpointId: string): () => void {
    let released = false;
    const start = { at: Date.now() };
    const set = this.started.get(endpointId) ?? new Set();
    this.started.set(endpointId, set);
    set.add(start);
    return () => {
      if (released) return;
      released = true;
      set.delete(start);
      if (set.size === 0 && this.started.get(endpointId) === set) this.started.delete(endpointId);
      const queue = this.waiters.get(endpointId);
      const next = queue?.shift();
      if (queue && queue.length === 0) this.waiters.delete(endpointId);
      // Hand the slot straight to the next waiter: the count stays the same.
      if (next) return next(this.releaser(endpointId));
      const left = (this.inUse.get(endpointId) ?? 1) - 1;
      if (left <= 0) this.inUse.delete(endpointId);
      else this.inUse.set(endpointId, left);
    };
  }
}
