import type { Evidence } from './evidence';
import { lateClaims } from './invariants';

const LOCK_WINDOW_MS = 9000;
const since = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(since + ms);

function evidence(accepted: Record<string, number[]>, statuses: Record<string, string> = {}): Pick<Evidence, 'acceptedByDelivery' | 'links'> {
  return {
    acceptedByDelivery: new Map(Object.entries(accepted).map(([id, times]) => [id, times.map(at)])),
    links: Object.entries(statuses).map(([deliveryId, deliveryStatus]) => ({
      id: `link-${deliveryId}`, email: `${deliveryId}@example.test`, expiresAt: at(600_000), consumedAt: null, deliveryId, deliveryStatus,
    })),
  };
}

describe('I6: a claimed send delayed beyond the lock window', () => {
  it('counts a held send first accepted after the window, not one accepted within it', () => {
    const ev = evidence({ onTime: [LOCK_WINDOW_MS - 1], late: [LOCK_WINDOW_MS + 1], atTheEdge: [LOCK_WINDOW_MS] });
    expect(lateClaims({ deliveryIds: ['onTime', 'late', 'atTheEdge'], since }, ev, LOCK_WINDOW_MS)).toEqual(['late']);
  });

  it('judges a send by its first acceptance: the dead worker\'s 202 before the fault is on time, its duplicate does not matter', () => {
    const ev = evidence({ cut: [-50, LOCK_WINDOW_MS + 20_000] });
    expect(lateClaims({ deliveryIds: ['cut'], since }, ev, LOCK_WINDOW_MS)).toEqual([]);
  });

  it('counts a held send never accepted, unless it ended failed or skipped', () => {
    const ev = evidence({}, { lost: 'sending', gaveUp: 'failed', linkUsed: 'skipped', stillQueued: 'queued' });
    expect(lateClaims({ deliveryIds: ['lost', 'gaveUp', 'linkUsed', 'stillQueued'], since }, ev, LOCK_WINDOW_MS)).toEqual(['lost', 'stillQueued']);
  });

  it('ignores sends the faulted worker did not hold', () => {
    const ev = evidence({ other: [LOCK_WINDOW_MS * 10] });
    expect(lateClaims({ deliveryIds: [], since }, ev, LOCK_WINDOW_MS)).toEqual([]);
  });
});
