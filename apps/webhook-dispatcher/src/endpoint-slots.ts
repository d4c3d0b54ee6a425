/**
 * At most `limit` attempts in flight per webhook endpoint in this process, so a slow receiver holds
 * a few of the worker's slots and never all of them. In memory: taking a slot costs no round trip,
 * which matters at thousands of deliveries a second; with R dispatcher replicas an endpoint sees at
 * most R × limit concurrent requests.
 */
export class EndpointSlots {
  private readonly inUse = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** A release function when a slot was free (call it once the attempt is over), null otherwise. */
  tryAcquire(endpointId: string): (() => void) | null {
    const used = this.inUse.get(endpointId) ?? 0;
    if (used >= this.limit) return null;
    this.inUse.set(endpointId, used + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inUse.get(endpointId) ?? 1) - 1;
      if (left <= 0) this.inUse.delete(endpointId);
      else this.inUse.set(endpointId, left);
    };
  }

  inFlight(endpointId: string): number {
    return this.inUse.get(endpointId) ?? 0;
  }
}
