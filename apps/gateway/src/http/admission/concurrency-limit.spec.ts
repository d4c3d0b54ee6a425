import { GradientLimit } from './concurrency-limit';

/** Feeds `windows` full windows of samples at `rttMs` with `inFlight` requests in flight. */
function feed(limit: GradientLimit, clock: { t: number }, windows: number, rttMs: number, inFlight: number | 'full', dropped = false): void {
  for (let w = 0; w < windows; w++) {
    const n = inFlight === 'full' ? limit.current : inFlight;
    for (let i = 0; i < GradientLimit.WINDOW_SAMPLES; i++) limit.onSample(rttMs, n, dropped);
    clock.t += GradientLimit.WINDOW_MS;
  }
}

describe('GradientLimit', () => {
  const make = (initial = 20) => {
    const clock = { t: 0 };
    return { clock, limit: new GradientLimit({ initial, min: 4, max: 500 }, () => clock.t) };
  };

  it('grows while latency holds at its no-load value and requests use the limit', () => {
    const { clock, limit } = make();
    feed(limit, clock, 50, 10, 'full');
    expect(limit.current).toBeGreaterThan(60);
  });

  it('does not grow on few requests in flight (nothing says more would be served)', () => {
    const { clock, limit } = make();
    feed(limit, clock, 50, 10, 3);
    expect(limit.current).toBe(20);
  });

  it('shrinks when latency rises well above its no-load value (requests queue somewhere)', () => {
    const { clock, limit } = make(200);
    feed(limit, clock, 5, 10, 200);
    const before = limit.current;
    feed(limit, clock, 30, 80, 200);
    expect(limit.current).toBeLessThan(before / 2);
  });

  it('shrinks above the latency target even when the slow average has crept up with a long overload', () => {
    const clock = { t: 0 };
    const limit = new GradientLimit({ initial: 200, min: 4, max: 500, targetMs: 100 }, () => clock.t);
    feed(limit, clock, 1, 300, 200); // the first window sets the no-load average: 300 ms
    feed(limit, clock, 30, 300, 200);
    expect(limit.current).toBeLessThan(100);
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
    for (let i = 0; i < GradientLimit.WINDOW_SAMPLES - 1; i++) limit.onSample(1000, 20, true);
    expect(limit.current).toBe(20);
  });
});
