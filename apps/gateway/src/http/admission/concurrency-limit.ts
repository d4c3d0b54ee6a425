/**
 * How many requests a gateway lets in at once. `GradientLimit` finds the number by itself; a
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

export interface GradientOptions {
  initial: number;
  min: number;
  max: number;
  /** How much slower than the no-load latency a request may get before the limit shrinks (1.5 = +50 %). */
  tolerance?: number;
  /**
   * Latency (ms) a window's average may not exceed, whatever the no-load latency did: under a long
   * overload the slow average creeps up with the overload itself, and this keeps the wait bounded.
   */
  targetMs?: number;
}

/**
 * Netflix's gradient limit (concurrency-limits' Gradient2), reduced to what a gateway needs. The
 * latency a request sees at low load (`longRtt`, a slow average) against the latency now
 * (`shortRtt`, the last window) gives a gradient ≤ 1: when requests queue — in this process, in
 * token-service, in Postgres, or for the CPU they share — latency rises and the limit shrinks until it
 * stops rising. √limit of headroom lets the limit probe upwards while latency holds. Little's law
 * does the rest: throughput is limit / latency, so bounding the queue keeps the rate and caps the
 * wait, where an unbounded queue keeps only the wait.
 */
export class GradientLimit implements ConcurrencyLimit {
  private limit: number;
  private longRtt = 0;
  private windowSum = 0;
  private windowCount = 0;
  private windowStart = 0;
  private windowDropped = false;
  private windowMaxInFlight = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly tolerance: number;
  private readonly targetMs: number;

  /** A window closes after this many samples and at least WINDOW_MS (whichever comes later). */
  static readonly WINDOW_SAMPLES = 10;
  static readonly WINDOW_MS = 50;
  /** The long average moves by this fraction of a window's average (≈ the last 100 windows). */
  static readonly LONG_SMOOTHING = 0.01;
  /** A new limit replaces this fraction of the old one per window: one noisy window cannot halve it. */
  static readonly SMOOTHING = 0.2;

  constructor(options: GradientOptions, private readonly now: () => number = () => performance.now()) {
    this.min = Math.max(1, options.min);
    this.max = Math.max(this.min, options.max);
    this.limit = Math.min(this.max, Math.max(this.min, options.initial));
    this.tolerance = options.tolerance ?? 1.5;
    this.targetMs = options.targetMs ?? Number.POSITIVE_INFINITY;
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
    if (this.windowCount < GradientLimit.WINDOW_SAMPLES || now - this.windowStart < GradientLimit.WINDOW_MS) return;
    this.closeWindow(this.windowSum / this.windowCount);
  }

  private closeWindow(shortRtt: number): void {
    const dropped = this.windowDropped;
    const appLimited = this.windowMaxInFlight < this.limit / 2;
    this.windowSum = 0;
    this.windowCount = 0;
    this.windowDropped = false;
    this.windowMaxInFlight = 0;

    if (this.longRtt === 0) {
      this.longRtt = shortRtt;
      return;
    }
    this.longRtt += (shortRtt - this.longRtt) * GradientLimit.LONG_SMOOTHING;
    // After a long overload the long average has crept up with it; once latency falls back, let it
    // follow quickly, or the gateway would tolerate the overload's latency as normal from then on.
    if (this.longRtt / shortRtt > 2) this.longRtt *= 0.95;

    if (dropped) {
      this.set(this.limit * 0.9);
      return;
    }
    // Few requests in flight say nothing about how many the system could take: do not grow on them.
    if (appLimited) return;
    const gradient = Math.max(0.5, Math.min(1, (this.tolerance * this.longRtt) / shortRtt, this.targetMs / shortRtt));
    const next = this.limit * gradient + Math.sqrt(this.limit);
    this.set(this.limit * (1 - GradientLimit.SMOOTHING) + next * GradientLimit.SMOOTHING);
  }

  private set(limit: number): void {
    this.limit = Math.min(this.max, Math.max(this.min, limit));
  }
}
