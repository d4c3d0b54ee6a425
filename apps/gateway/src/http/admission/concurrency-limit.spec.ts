import { LatencyTargetLimit } from './concurrency-limit';

/** Feeds `windows` full windows of samples at `rttMs` with `inFlight` requests in flight ('full': the limit). */
function feed(limit: LatencyTargetLimit, clock: { t: number }, windows: number, rttMs: number, inFlight: number | 'full', dropped = false): void {
  for (let w = 0; w < windows; w++) {
    const n = inFlight === 'full' ? limit.current : inFlight;
    // Spread over one window's time, so its last sample closes it.
    for (let i = 0; i < LatencyTargetLimit.WINDOW_SAMPLES; i++) {
      limit.onSample(rttMs, n, dropped);
      clock.t += LatencyTargetLimit.WINDOW_MS / (LatencyTargetLimit.WINDOW_SAMPLES - 1);
    }
  }
}

describe('LatencyTargetLimit', () => {
  const make = (initial = 20, targetMs = 100) => {
    const clock = { t: 0 };
    return { clock, limit: new LatencyTargetLimit({ initial, min: 4, max: 500, targetMs }, () => clock.t) };
  };

  it('grows while admitted requests stay under the target and use the limit', () => {
    const { clock, limit } = make();
    feed(limit, clock, 50, 60, 'full');
    expect(limit.current).toBeGreaterThan(60);
  });

  it('does not grow on few requests in flight (nothing says more would be served)', () => {
    const { clock, limit } = make();
    feed(limit, clock, 50, 10, 3);
    expect(limit.current).toBe(20);
  });

  it('shrinks while the average latency is above the target, towards the limit that meets it', () => {
    const { clock, limit } = make(200);
    feed(limit, clock, 30, 400, 200);
    expect(limit.current).toBeLessThan(60);
  });

  it('lets a burst in below the target however much slower it is than one request alone', () => {
    const { clock, limit } = make(64);
    feed(limit, clock, 5, 5, 'full');
    const before = limit.current;
    feed(limit, clock, 30, 90, 'full');
    expect(limit.current).toBeGreaterThanOrEqual(before);
  });

  it('backs off on dropped requests and never leaves [min, max]', () => {
    const { clock, limit } = make(100);
    feed(limit, clock, 100, 10, 100, true);
    expect(limit.current).toBe(4);
    feed(limit, clock, 2000, 10, 'full');
    expect(limit.current).toBe(500);
  });

  it('waits for a full window: fewer samples than a window change nothing', () => {
    const { clock, limit } = make();
    feed(limit, clock, 1, 10, 20);
    for (let i = 0; i < LatencyTargetLimit.WINDOW_SAMPLES - 1; i++) limit.onSample(1000, 20, true);
    expect(limit.current).toBe(20);
  });
});
