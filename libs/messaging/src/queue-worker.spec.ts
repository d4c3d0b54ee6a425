import { stalledCheckInterval } from './queue-worker';

describe('queue workers', () => {
  it('check for stalled jobs every half lock, at most every 5 s, so a dead run is re-run within JOB_LOCK_MS + 5 s', () => {
    expect(stalledCheckInterval(5000)).toBe(2500);
    expect(stalledCheckInterval(30_000)).toBe(5000);
    expect(stalledCheckInterval(1001)).toBe(501);
  });
});
