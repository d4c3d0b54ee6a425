import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { eventProblems } from '@sesame/testing';
import { LinkListService } from './links/link-list.service';
import { LinkService } from './links/link.service';
import { VerificationService } from './links/verification.service';
import { PolicyService } from './policy/policy.service';
import { TenantService } from './tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from './testing/token-service-context';
import { UserService } from './users/user.service';

/**
 * Every webhook event token-service emits, checked against its JSON Schema in docs/events and the
 * 20 KB limit, exactly as the dispatcher will serialise it.
 */
describe('webhook events emitted by token-service (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  const actor: Actor = { apiKeyId: randomUUID(), ip: '198.51.100.7', userAgent: 'jest' };

  beforeAll(async () => {
    ctx = await startTokenServiceContext('webhookevents');
    ({ app, ds } = ctx);
  }, 30_000);

  afterAll(async () => {
    await ctx?.close();
  });

  it('match their schema and stay under 20 KB, with no token in them', async () => {
    const tenantId = (await app.get(TenantService).create({ requestId: randomUUID(), name: 'Events', appOrigin: 'https://app.example.com' })).id;
    await ds.query(`INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret) VALUES ($1, $2, 'https://hooks.example.com/x', '{*}', $3)`, [
      randomUUID(), tenantId, randomBytes(48),
    ]);
    const links = app.get(LinkService);
    const verification = app.get(VerificationService);
    const users = app.get(UserService);
    const newLink = (email: string) => links.create({ requestId: randomUUID(), tenantId, actor, email, type: 'login', send: false });

    const first = await newLink('ada@example.com'); // magiclink.created + user.created
    const token = (first.url ?? '').split('/l/')[1];
    await verification.authenticate({ tenantId, token, actor }); // magiclink.consumed
    await expect(verification.authenticate({ tenantId, token, actor })).rejects.toMatchObject({ code: 'used' }); // verification_failed
    const second = await newLink('ada@example.com');
    await app.get(LinkListService).revoke({ tenantId, id: second.id, actor }); // magiclink.revoked
    const user = await users.create({ requestId: randomUUID(), tenantId, actor, email: 'bob@example.com' });
    await users.update({ tenantId, id: user.id, actor, attributes: { team: 'x'.repeat(1000), n: 1 } });
    await users.delete({ tenantId, id: user.id, actor });
    // The largest policy change there is: 20 redirect URLs of 2 KB each, and every other section.
    const urls = Array.from({ length: 20 }, (_, i) => `https://app.example.com/${i}/${'p'.repeat(2000)}`);
    await app.get(PolicyService).update({
      tenantId, actor,
      patch: { redirect: { enabled: true, allowed_urls: urls }, links: { login: { enabled: false } }, app: { default_language: 'de' } },
    });

    const rows: { payload: { event: { type: string; timestamp: string; data: unknown } } }[] = await ds.query(
      `SELECT payload FROM outbox WHERE tenant_id = $1 AND queue = 'webhooks' ORDER BY id`, [tenantId],
    );
    const bodies = rows.map(({ payload: { event } }) => JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data }));
    const types = rows.map((r) => r.payload.event.type);
    expect(new Set(types)).toEqual(new Set([
      'magiclink.created', 'user.created', 'magiclink.consumed', 'magiclink.verification_failed', 'magiclink.revoked',
      'user.updated', 'user.deleted', 'policy.updated',
    ]));
    for (const t of types) expect(EVENT_TYPES).toContain(t);
    for (const body of bodies) {
      expect({ body: body.slice(0, 200), problems: eventProblems(body) }).toEqual({ body: body.slice(0, 200), problems: [] });
      expect(body).not.toContain(token);
    }
    const policy = JSON.parse(bodies[types.indexOf('policy.updated')]);
    expect(policy.data.sections.sort()).toEqual(['app', 'links', 'redirect']);
    expect(JSON.stringify(policy)).not.toContain('ppppp');
  });
});
