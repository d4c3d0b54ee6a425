import { EndpointSlots } from './endpoint-slots';

describe('EndpointSlots', () => {
  it('hands out at most `limit` slots per endpoint, independently per endpoint', () => {
    const slots = new EndpointSlots(2);
    const a1 = slots.tryAcquire('a');
    const a2 = slots.tryAcquire('a');
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(slots.tryAcquire('a')).toBeNull();
    expect(slots.tryAcquire('b')).not.toBeNull();
    a1?.();
    a1?.(); // a second release of the same slot frees nothing more
    expect(slots.inFlight('a')).toBe(1);
    expect(slots.tryAcquire('a')).not.toBeNull();
    expect(slots.tryAcquire('a')).toBeNull();
  });
});

describe('EndpointSlots.acquire', () => {
  it('hands a freed slot to the first waiter, and gives up after the wait', async () => {
    const slots = new EndpointSlots(1);
    const first = slots.tryAcquire('a');
    const waiting = slots.acquire('a', 5000);
    const late = slots.acquire('a', 20);
    expect(await late).toBeNull();
    first?.();
    const second = await waiting;
    expect(second).not.toBeNull();
    expect(slots.inFlight('a')).toBe(1);
    second?.();
    expect(slots.inFlight('a')).toBe(0);
    expect(await slots.acquire('a', 0)).not.toBeNull();
  });
});

describe('EndpointSlots, slow endpoints', () => {
  it('does not make anyone wait for an endpoint whose attempt has run for long', async () => {
    const slots = new EndpointSlots(1);
    slots.tryAcquire('slow');
    await new Promise((r) => setTimeout(r, 300));
    expect(slots.isSlow('slow')).toBe(true);
    const started = Date.now();
    expect(await slots.acquire('slow', 5000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
