import type { ConcurrencyLimit } from './concurrency-limit';

/** Why a request was not let in. */
export type Refusal = 'overloaded' | 'tenant_share';

/** A request let in: hand it back to `release` exactly once when its answer is sent. */
export interface Admission {
  readonly principal: string | null;
  readonly startedAt: number;
}

/**
 * The gateway's bound on work in flight. A request is refused at once — never queued — when the
 * gateway holds `limit` requests (`overloaded`, 503), or when its tenant already holds its share of
 * them (`tenant_share`, 429): one tenant's burst then fills at most `share` of the gateway and the
 * rest stays open to every other tenant at once, with no wait for the burst's requests to finish.
 * The adaptive limit grows until latency rises, so a tenant alone still drives the gateway to its
 * capacity through its share.
 */
export class AdmissionControl {
  private inFlightTotal = 0;
  private readonly byPrincipal = new Map<string, number>();
  private lastDropAt = -Infinity;

  /**
   * For this long after an admitted request failed for want of capacity downstream (a 503 or 504
   * from inside), a tenant over its share is refused as `overloaded`, not `tenant_share`: its
   * requests pile up because the service is failing, and a 429 would tell it that it is sending
   * too much when the service is what is wrong (the fault suite's locked table showed exactly this).
   */
  static readonly DOWNSTREAM_FAILING_MS = 5000;

  constructor(
    private readonly limit: ConcurrencyLimit,
    /** Fraction (0–1] of the limit one tenant may hold. 1 switches tenant shares off. */
    private readonly share: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get inFlight(): number {
    return this.inFlightTotal;
  }

  get currentLimit(): number {
    return this.limit.current;
  }

  /** In flight against the limit, 0–1 (≥ 1 means every further request is refused). */
  get load(): number {
    return this.inFlightTotal / this.limit.current;
  }

  tryAcquire(principal: string | null): Admission | Refusal {
    const limit = this.limit.current;
    const shares = principal !== null && this.share < 1;
    const cap = Math.max(1, Math.floor(limit * this.share));
    const held = shares ? (this.byPrincipal.get(principal) ?? 0) : 0;
    if (this.inFlightTotal >= limit && !(shares && held < cap && this.inFlightTotal - this.overShares(cap) < limit)) return 'overloaded';
    if (shares) {
      if (held >= cap) return this.now() - this.lastDropAt < AdmissionControl.DOWNSTREAM_FAILING_MS ? 'overloaded' : 'tenant_share';
      this.byPrincipal.set(principal, held + 1);
    }
    this.inFlightTotal += 1;
    return { principal, startedAt: this.now() };
  }

  /**
   * Requests held beyond their tenant's share of the current limit. A tenant can only be over its
   * share when the limit fell after its requests were let in (a burst made latency rise): until they
   * finish, the gateway looks full, but of that tenant's excess. A tenant within its share is
   * still let in while the work within shares is under the limit, so the burst's tenant, not the
   * others, waits for the limit to come back; in flight never exceeds a limit held recently.
   * Counted only on the way to a refusal, over the tenants with requests in flight.
   */
  private overShares(cap: number): number {
    let excess = 0;
    for (const held of this.byPrincipal.values()) if (held > cap) excess += held - cap;
    return excess;
  }

  release(admission: Admission, dropped: boolean): void {
    const inFlight = this.inFlightTotal;
    const now = this.now();
    if (dropped) this.lastDropAt = now;
    this.inFlightTotal -= 1;
    const p = admission.principal;
    if (p !== null && this.share < 1) {
      const held = (this.byPrincipal.get(p) ?? 1) - 1;
      if (held <= 0) this.byPrincipal.delete(p);
      else this.byPrincipal.set(p, held);
    }
    this.limit.onSample(now - admission.startedAt, inFlight, dropped);
  }
}
