/** BullMQ's largest priority (lowest urgency). */
const MAX_PRIORITY = 2 ** 21 - 1;
/** Seconds a tenant's recent volume is remembered for (the time constant of its decay). */
const TAU_SECONDS = 10;
/** Entries that decayed below this are forgotten at the next sweep. */
const FORGET_BELOW = 0.5;
const SWEEP_EVERY = 1000;

/**
 * Fair order between tenants in a shared queue, with BullMQ's open-source priorities. A job of a
 * tenant within its fair rate is added without a priority, and BullMQ runs such jobs before any
 * prioritized one; a tenant above it gets priority ⌈recent volume / fair volume⌉, so the further
 * over, the later — and a second bursting tenant, less far over, still goes before the first.
 * Within one tenant the numbers only grow during a burst, so its own jobs keep their order.
 *
 * Volume is a decaying count per tenant (time constant TAU_SECONDS), kept by each publisher for
 * its own rows: with several relays each sees its share of a burst, which is enough to order it.
 * A burst costs BullMQ's O(log n) prioritized insert for the bursting tenant's jobs only.
 */
export class TenantFairness {
  private readonly volume = new Map<string, { count: number; at: number }>();
  private calls = 0;
  private readonly fairCount: number;

  constructor(
    /** Jobs per second per tenant and queue that always go first. 0: no fairness (plain FIFO). */
    ratePerSecond: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.fairCount = ratePerSecond * TAU_SECONDS;
  }

  /** Counts one job of `tenantId` for `queue` and returns its BullMQ priority (undefined: none). */
  priorityOf(queue: string, tenantId: string | null): number | undefined {
    if (this.fairCount <= 0 || !tenantId) return undefined;
    const now = this.now();
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(now);
    const key = `${queue}\u0000${tenantId}`;
    const entry = this.volume.get(key);
    const count = (entry ? decayed(entry, now) : 0) + 1;
    this.volume.set(key, { count, at: now });
    return count <= this.fairCount ? undefined : Math.min(MAX_PRIORITY, Math.ceil(count / this.fairCount));
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.volume) if (decayed(entry, now) < FORGET_BELOW) this.volume.delete(key);
  }
}

function decayed(entry: { count: number; at: number }, now: number): number {
  return entry.count * Math.exp(-(now - entry.at) / (TAU_SECONDS * 1000));
}
