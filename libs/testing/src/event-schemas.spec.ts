import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, PING_EVENT_TYPE, policyUpdatedData, webhookEvent } from '@sesame/domain';
import { eventProblems, eventSchemas } from './event-schemas';

describe('event catalogue (docs/events)', () => {
  it('has exactly one schema per event type, and one for the ping', () => {
    expect([...eventSchemas().keys()].sort()).toEqual([...EVENT_TYPES, PING_EVENT_TYPE].sort());
  });

  it('accepts a well-formed event and explains a bad one', () => {
    const good = webhookEvent('magiclink.email.sent', {
      link_id: randomUUID(), type: 'login', user_id: randomUUID(), email: 'a@example.com', delivery_id: randomUUID(),
    });
    expect(eventProblems(JSON.stringify(good))).toEqual([]);
    expect(eventProblems(JSON.stringify({ ...good, data: { ...good.data, token: 'x' } })).join()).toContain('additional');
    expect(eventProblems(JSON.stringify({ ...good, data: { ...good.data, type: 'nope' } })).join()).toContain('/data/type');
    expect(eventProblems(JSON.stringify({ ...good, type: 'magiclink.unknown' }))).toEqual(['no schema for type magiclink.unknown']);
    expect(eventProblems('{')).toEqual(['not JSON']);
  });

  it('refuses a body of 20 KB or more', () => {
    const big = webhookEvent('user.updated', { user_id: randomUUID(), email: 'a@example.com', status: 'active', changes: ['x'.repeat(21 * 1024)] });
    expect(eventProblems(JSON.stringify(big)).join()).toContain('limit 20480');
  });

  it('keeps policy.updated small and valid however large the change', () => {
    const paths = Array.from({ length: 5000 }, (_, i) => `users.attributes_${i}.${'k'.repeat(400)}`);
    const body = JSON.stringify(webhookEvent('policy.updated', policyUpdatedData([...paths, 'links.login.enabled'])));
    expect(eventProblems(body)).toEqual([]);
    expect(JSON.parse(body).data).toMatchObject({ sections: ['users', 'links'], truncated: true });
  });
});
