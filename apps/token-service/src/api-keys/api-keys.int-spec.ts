import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey } from '@sesame/crypto';
import type { Actor } from '@sesame/messaging';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { ApiKeyService } from './api-key.service';

const APP = 'https://app.example.com';

describe('API key lifecycle (real Postgres)', () => {
  let ctx: TokenServiceContext;
  let ds: DataSource;
  let keys: ApiKeyService;
  let tenants: TenantService;

  beforeAll(async () => {
    ctx = await startTokenServiceContext('apikeys');
    ds = ctx.ds;
    keys = ctx.app.get(ApiKeyService);
    tenants = ctx.app.get(TenantService);
  }, 30_000);
  afterAll(async () => {
    await ctx?.close();
  });

  const newTenant = () => tenants.create({ requestId: randomUUID(), name: `Keys ${randomUUID().slice(0, 6)}`, appOrigin: APP });
  const actorOf = (apiKeyId: string): Actor => ({ apiKeyId, ip: '192.0.2.1', userAgent: 'jest' });
  const lastUsed = async (id: string) => (await ds.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [id]))[0].last_used_at as Date | null;

  it('writes last_used_at on the first resolve and then at most once a minute, whatever the number of resolves', async () => {
    const t = await newTenant();
    const hash = hashApiKey(t.api_key);
    expect(await lastUsed(t.id)).toBeNull();
    await keys.resolve({ keyHash: hash });
    const first = await lastUsed(t.id);
    expect(first).not.toBeNull();
    for (let i = 0; i < 20; i++) await keys.resolve({ keyHash: hash });
    expect(await lastUsed(t.id)).toEqual(first);
    await ds.query(`UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [t.id]);
    await keys.resolve({ keyHash: hash });
    expect(Date.parse(String(await lastUsed(t.id)))).toBeGreaterThan(Date.now() - 10_000);
  });

  it('never lets two concurrent revocations remove the last two admin keys', async () => {
    const t = await newTenant();
    const second = await keys.create({ requestId: randomUUID(), tenantId: t.id, name: 'second admin', scopes: ['admin'], actor: actorOf(t.id) });
    const results = await Promise.allSettled([
      keys.revoke({ tenantId: t.id, id: t.id, actor: actorOf(second.id) }),
      keys.revoke({ tenantId: t.id, id: second.id, actor: actorOf(t.id) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'last_admin_key' });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL`, [t.id]);
    expect(n).toBe(1);
  });

  it('does not count an expired admin key as the one that remains', async () => {
    const t = await newTenant();
    const expiring = await keys.create({
      requestId: randomUUID(), tenantId: t.id, name: 'short admin', scopes: ['admin'], expiresAt: new Date(Date.now() + 60_000).toISOString(), actor: actorOf(t.id),
    });
    await ds.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    await expect(keys.revoke({ tenantId: t.id, id: t.id, actor: actorOf(t.id) })).rejects.toMatchObject({ code: 'last_admin_key' });
  });

  it('refuses to touch another tenant\'s key (404) and reports a disabled tenant\'s key as such', async () => {
    const a = await newTenant();
    const b = await newTenant();
    await expect(keys.revoke({ tenantId: a.id, id: b.id, actor: actorOf(a.id) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(keys.rotate({ requestId: randomUUID(), tenantId: a.id, id: b.id, overlapSeconds: 0, actor: actorOf(a.id) })).rejects.toMatchObject({ code: 'not_found' });
    await ds.query(`UPDATE tenants SET disabled_at = now() WHERE id = $1`, [b.id]);
    expect(await keys.resolve({ keyHash: hashApiKey(b.api_key) })).toMatchObject({ id: b.id, tenantDisabled: true });
  });
});
