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
