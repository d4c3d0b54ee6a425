import { TenantFairness } from './tenant-fairness';

describe('TenantFairness', () => {
  it('adds a tenant within its fair rate without a priority (first in line)', () => {
    const f = new TenantFairness(2, () => 0);
    const priorities = Array.from({ length: 20 }, () => f.priorityOf('mail', 't-a'));
    expect(priorities.every((p) => p === undefined)).toBe(true);
  });

  it("queues a bursting tenant's further jobs behind, the later the further over, while others stay first", () => {
    const f = new TenantFairness(2, () => 0);
    const burst = Array.from({ length: 100 }, () => f.priorityOf('mail', 't-a'));
    expect(burst.slice(0, 20).every((p) => p === undefined)).toBe(true);
    expect(burst[20]).toBe(2);
    expect(burst[99]).toBe(5);
    expect(burst.slice(20).every((p, i, all) => i === 0 || p! >= all[i - 1]!)).toBe(true);
    expect(f.priorityOf('mail', 't-b')).toBeUndefined();
    expect(f.priorityOf('webhooks', 't-a')).toBeUndefined();
  });

  it('forgets a burst as time passes', () => {
    let t = 0;
    const f = new TenantFairness(2, () => t);
    for (let i = 0; i < 100; i++) f.priorityOf('mail', 't-a');
    t = 60_000;
    expect(f.priorityOf('mail', 't-a')).toBeUndefined();
  });

  it('is off at rate 0 and for rows without a tenant', () => {
    expect(new TenantFairness(0).priorityOf('mail', 't-a')).toBeUndefined();
    expect(new TenantFairness(1).priorityOf('mail', null)).toBeUndefined();
  });
});
