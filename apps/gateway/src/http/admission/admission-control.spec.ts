import { AdmissionControl, Admission } from './admission-control';
import { FixedLimit } from './concurrency-limit';

describe('AdmissionControl', () => {
  it('refuses at once (overloaded) when the limit is in flight, and lets in again after a release', () => {
    const control = new AdmissionControl(new FixedLimit(2), 1);
    const a = control.tryAcquire(null) as Admission;
    control.tryAcquire(null);
    expect(control.tryAcquire(null)).toBe('overloaded');
    control.release(a, false);
    expect(typeof control.tryAcquire(null)).toBe('object');
    expect(control.inFlight).toBe(2);
  });

  it("caps one tenant at its share and keeps the rest open to other tenants", () => {
    const control = new AdmissionControl(new FixedLimit(10), 0.5);
    const held = Array.from({ length: 5 }, () => control.tryAcquire('t:a'));
    expect(held.every((h) => typeof h === 'object')).toBe(true);
    expect(control.tryAcquire('t:a')).toBe('tenant_share');
    expect(typeof control.tryAcquire('t:b')).toBe('object');
    expect(typeof control.tryAcquire(null)).toBe('object');
    control.release(held[0] as Admission, false);
    expect(typeof control.tryAcquire('t:a')).toBe('object');
  });

  it('gives a tenant at least one slot however small the limit', () => {
    const control = new AdmissionControl(new FixedLimit(1), 0.1);
    expect(typeof control.tryAcquire('t:a')).toBe('object');
  });

  it('reports the latency of each admitted request to the limit, and whether it was dropped', () => {
    let t = 0;
    const samples: Array<[number, number, boolean]> = [];
    const limit = { current: 4, onSample: (rtt: number, inFlight: number, dropped: boolean) => samples.push([rtt, inFlight, dropped]) };
    const control = new AdmissionControl(limit, 1, () => t);
    const a = control.tryAcquire(null) as Admission;
    t = 25;
    control.release(a, true);
    expect(samples).toEqual([[25, 1, true]]);
    expect(control.inFlight).toBe(0);
  });

  it('refuses a tenant over its share with 503, not 429, while downstream is failing requests', () => {
    let t = 0;
    const control = new AdmissionControl(new FixedLimit(4), 0.5, () => t);
    const held = [control.tryAcquire('t:a'), control.tryAcquire('t:a')] as Admission[];
    expect(control.tryAcquire('t:a')).toBe('tenant_share');
    control.release(held[0], true); // a 503 from inside: the service is failing, not the tenant
    control.tryAcquire('t:a');
    t = 1000;
    expect(control.tryAcquire('t:a')).toBe('overloaded');
    t = 1000 + AdmissionControl.DOWNSTREAM_FAILING_MS;
    expect(control.tryAcquire('t:a')).toBe('tenant_share');
  });

  it("lets a tenant within its share in when the gateway is full of another tenant's excess after the limit fell", () => {
    const limit = { current: 100, onSample: () => undefined };
    const control = new AdmissionControl(limit, 0.75);
    for (let i = 0; i < 75; i++) control.tryAcquire('t:a');
    limit.current = 40; // latency rose: a's 75 are now 45 over its share of 30
    expect(control.tryAcquire('t:a')).toBe('overloaded');
    // Within shares: 30 of a's + b's, under 40.
    const b = Array.from({ length: 10 }, () => control.tryAcquire('t:b'));
    expect(b.every((x) => typeof x === 'object')).toBe(true);
    expect(control.tryAcquire('t:b')).toBe('overloaded');
    // A request whose tenant is not known yet has no share to be within.
    expect(control.tryAcquire(null)).toBe('overloaded');
    expect(control.inFlight).toBe(85);
  });
});
