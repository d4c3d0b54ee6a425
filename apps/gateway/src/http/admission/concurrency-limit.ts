/**
 * How many requests a gateway lets in at once. `LatencyTargetLimit` finds the number by itself; a
 * `FixedLimit` is for a deployment that measured its own capacity (or tests that need one).
 */
export interface ConcurrencyLimit {
  /** Requests that may be in flight now (an integer ≥ 1). */
  readonly current: number;
  /**
   * One admitted request finished after `rttMs`. `dropped`: it failed for want of capacity
   * downstream (an RPC timeout, a 503) — the strongest sign the limit is too high.
   */
  onSample(rttMs: number, inFlight: number, dropped: boolean): void;
}

export class FixedLimit implements ConcurrencyLimit {
  constructor(readonly current: number) {}
  onSample(): void {}
}

export interface LatencyTargetOptions {
  initial: number;
  min: number;
  max: number;
  /** The average latency (ms) of admitted requests the limit keeps them under. */
  targetMs: number;
}

/**
 * A limit that keeps the average latency of admitted requests under a target, after the gradient
 * limits of Netflix's concurrency-limits: each window, `target / observed` (clamped to [0.5, 1])
 * scales the limit down when requests wait longer than the target — they queue somewhere: in this
 * process, in token-service, in Postgres, or for the CPU they share — and √limit of headroom lets it
 * grow while they do not. Little's law does the rest: throughput is limit / latency, so a limit held
 * at the target keeps the rate and bounds the wait, where an unbounded queue keeps only the wait.
 * Below the target nothing is refused that the machine serves in time: a burst of a few dozen
 * requests on a quiet gateway is let in. (A limit relative to the no-load latency refused those on
 * a small machine, where 50 requests at once already wait a few times longer than one alone.)
 */
export class LatencyTargetLimit implements ConcurrencyLimit {
  private limit: number;
  private windowSum = 0;
  private windowCount = 0;
  private windowStart = 0;
  private windowDropped = false;
  private windowMaxInFlight = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly targetMs: number;

  /** A window closes after this many samples and at least WINDOW_MS (whichever comes later). */
  static readonly WINDOW_SAMPLES = 10;
  static readonly WINDOW_MS = 50;
  /** A new limit replaces this fraction of the old one per window: one noisy window cannot halve it. */
  static readonly SMOOTHING = 0.2;

  constructor(options: LatencyTargetOptions, private readonly now: () => number = () => performance.now()) {
    this.min = Math.max(1, options.min);
    this.max = Math.max(this.min, options.max);
    this.limit = Math.min(this.max, Math.max(this.min, options.initial));
    this.targetMs = options.targetMs;
  }

  get current(): number {
    return Math.floor(this.limit);
  }

  onSample(rttMs: number, inFlight: number, dropped: boolean): void {
    const now = this.now();
    if (this.windowCount === 0) this.windowStart = now;
    this.windowSum += rttMs;
    this.windowCount += 1;
    this.windowDropped ||= dropped;
    this.windowMaxInFlight = Math.max(this.windowMaxInFlight, inFlight);
    if (this.windowCount < LatencyTargetLimit.WINDOW_SAMPLES || now - this.windowStart < LatencyTargetLimit.WINDOW_MS) return;
    this.closeWindow(this.windowSum / this.windowCount);
  }

  private closeWindow(averageMs: number): void {
    const dropped = this.windowDropped;
    const appLimited = this.windowMaxInFlight < this.limit / 2;
    this.windowSum = 0;
    this.windowCount = 0;
    this.windowDropped = false;
    this.windowMaxInFlight = 0;

    if (dropped) {
      this.set(this.limit * 0.9);
      return;
    }
    const gradient = Math.max(0.5, Math.min(1, this.targetMs / averageMs));
    // Few requests in flight say nothing about how many more the system could take: do not grow on them.
    if (gradient === 1 && appLimited) return;
    const next = this.limit * gradient + (gradient === 1 ? Math.sqrt(this.limit) : 0);
    this.set(this.limit * (1 - LatencyTargetLimit.SMOOTHING) + next * LatencyTargetLimit.SMOOTHING);
  }

  private set(limit: number): void {
    this.limit = Math.min(this.max, Math.max(this.min, limit));
  }
}
