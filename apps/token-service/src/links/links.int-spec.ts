import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashApiKey } from '@sesame/crypto';
import type { Actor, CreateLinkRequest } from '@sesame/messaging';
import { ApiKeyService } from '../api-keys/api-key.service';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { LinkListService } from './link-list.service';
import { LinkService } from './link.service';
import { VerificationService } from './verification.service';

const ACTOR: Actor = { apiKeyId: null, ip: '192.0.2.1', userAgent: 'jest' };
const APP = 'https://app.example.com';
const tokenOf = (url: string | undefined) => (url ?? '').split('/l/')[1] ?? '';

describe('token-service links (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let links: LinkService;
  let verification: VerificationService;
  let linkList: LinkListService;
  let tenants: TenantService;
  let tenantId: string;
  let otherTenantId: string;

  const link = (over: Partial<CreateLinkRequest> = {}) =>
    links.create({ requestId: randomUUID(), tenantId, actor: ACTOR, email: `u-${randomUUID()}@example.com`, type: 'login', send: false, ...over });

  const newTenant = async (name: string) =>
    tenants.create({ requestId: randomUUID(), name, appOrigin: APP, allowedRedirectUrls: [`${APP}/cb`, `${APP}/done`] });

  beforeAll(async () => {
    ctx = await startTokenServiceContext('tokensvc', { OUTBOX_POLL_MS: '200' });
    ({ app, ds } = ctx);
    links = app.get(LinkService);
    verification = app.get(VerificationService);
    linkList = app.get(LinkListService);
    tenants = app.get(TenantService);
    tenantId = (await newTenant('Links Test')).id;
    otherTenantId = (await newTenant('Other Tenant')).id;
  }, 30_000);

  afterAll(async () => {
    await ctx?.close();
  });

  describe('tenants and API keys', () => {
    it('creates a tenant with an admin key that resolves to it', async () => {
      const t = await newTenant('Acme Widgets');
      expect(t.slug).toBe('acme-widgets');
      expect(t.api_key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
      const resolved = await app.get(ApiKeyService).resolve({ keyHash: hashApiKey(t.api_key) });
      expect(resolved).toEqual({ id: expect.any(String), tenantId: t.id, scopes: ['admin'], expiresAt: null, tenantDisabled: false });
      const [row] = await ds.query(`SELECT key_hash FROM api_keys WHERE tenant_id = $1`, [t.id]);
      expect(row.key_hash).not.toContain(t.api_key);
      expect(await app.get(ApiKeyService).resolve({ keyHash: hashApiKey(t.api_key + 'x') })).toBeNull();
    });
  });

  describe('create', () => {
    it('creates the user once and returns a url whose token is stored only as a hash', async () => {
      const email = `Once-${randomUUID()}@Example.com`;
      const a = await link({ email });
      const b = await link({ email: email.toLowerCase() });
      expect(a.user_id).toBe(b.user_id);
      expect(a.identifier).toBe(email.toLowerCase());
      expect((await ds.query(`SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND email = $2`, [tenantId, email.toLowerCase()]))[0].n).toBe(1);

      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:3999\/l\/[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(a.url);
      const [row] = await ds.query(`SELECT token_hash FROM magic_links WHERE id = $1`, [a.id]);
      expect(Buffer.isBuffer(row.token_hash)).toBe(true);
      expect(row.token_hash.toString('utf8')).not.toBe(token);
      expect(row.token_hash.toString('base64url')).not.toBe(token);
      for (const table of ['magic_links', 'mail_deliveries', 'audit_events', 'outbox', 'idempotency_keys']) {
        const dump: string[] = (await ds.query(`SELECT t::text AS r FROM ${table} t`)).map((r: { r: string }) => r.r);
        expect(dump.join('\n')).not.toContain(token);
      }
    });

    it('with send=true returns no url and stores only a sealed token on the delivery', async () => {
      const created = await link({ send: true });
      expect(created.url).toBeUndefined();
      const [d] = await ds.query(`SELECT status, sealed_token FROM mail_deliveries WHERE link_id = $1`, [created.id]);
      expect(d.status).toBe('queued');
      expect(Buffer.isBuffer(d.sealed_token)).toBe(true);
    });

    it('applies a redelivered request (same requestId) once', async () => {
      const req: CreateLinkRequest = { requestId: randomUUID(), tenantId, actor: ACTOR, email: `r-${randomUUID()}@example.com`, type: 'login', send: true };
      const first = await links.create(req);
      const second = await links.create(req);
      expect(second.id).toBe(first.id);
      expect(second.user_id).toBe(first.user_id);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM magic_links WHERE id = $1`, [first.id]);
      expect(n).toBe(1);
      const [{ d }] = await ds.query(`SELECT count(*)::int AS d FROM mail_deliveries WHERE link_id = $1`, [first.id]);
      expect(d).toBe(1);
    });

    // A redelivered RPC finds the first delivery's row; its token is gone, so no url (like an Idempotency-Key replay).
    it('a redelivered send=false request does not hand out a url with an unstored token', async () => {
      const req: CreateLinkRequest = { requestId: randomUUID(), tenantId, actor: ACTOR, email: `r2-${randomUUID()}@example.com`, type: 'login', send: false };
      const first = await links.create(req);
      const second = await links.create(req);
      const { url, ...withoutUrl } = first;
      expect(second).toEqual(withoutUrl);
      await expect(verification.authenticate({ tenantId, token: tokenOf(url), actor: ACTOR })).resolves.toBeDefined();
    });

    it('replays an Idempotency-Key with the same body and refuses it with a different body', async () => {
      const key = `idem-${randomUUID()}`;
      const email = `i-${randomUUID()}@example.com`;
      const body = { tenantId, actor: ACTOR, email, type: 'login' as const, send: false, idempotencyKey: key };
      const first = await links.create({ ...body, requestId: randomUUID() });
      const again = await links.create({ ...body, requestId: randomUUID() });
      const { url, ...withoutUrl } = first;
      expect(url).toBeDefined();
      expect(again).toEqual(withoutUrl); // the token is never stored, so a replay cannot repeat the url
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM magic_links l JOIN users u ON u.id = l.user_id WHERE l.tenant_id = $1 AND u.email = $2`,
        [tenantId, email],
      );
      expect(n).toBe(1);

      await expect(links.create({ ...body, requestId: randomUUID(), type: 'password_reset' })).rejects.toMatchObject({ code: 'idempotency_key_reused' });
      await expect(links.create({ ...body, requestId: randomUUID(), email: `other-${email}` })).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    });

    it('refuses a redirect not on the allow-list and resolves a relative path against app_origin', async () => {
      await expect(link({ redirectUrl: 'https://evil.example.net/cb' })).rejects.toMatchObject({ code: 'redirect_not_allowed' });
      await expect(link({ redirectUrl: `${APP}/elsewhere` })).rejects.toMatchObject({ code: 'redirect_not_allowed' });
      const rel = await link({ redirectUrl: '/cb?x=1' });
      expect(rel.redirect_url).toBe(`${APP}/cb?x=1`);
      const none = await link();
      expect(none.redirect_url).toBeNull();
    });

    it('validates ttl and user/email', async () => {
      await expect(link({ ttlSeconds: 59 })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(link({ ttlSeconds: 24 * 3600 + 1 })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(link({ userId: randomUUID() })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(link({ email: undefined, userId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('authenticate', () => {
    const failures = async (linkId: string): Promise<string[]> =>
      (await ds.query(`SELECT data->>'reason' AS reason FROM audit_events WHERE action = 'magiclink.verification_failed' AND subject_id = $1 ORDER BY id`, [linkId]))
        .map((r: { reason: string }) => r.reason);

    it('succeeds once, then reports used', async () => {
      const created = await link({ contextData: { plan: 'pro' }, redirectUrl: '/done' });
      const token = tokenOf(created.url);
      const res = await verification.authenticate({ tenantId, token, actor: ACTOR });
      expect(res).toEqual({
        user: { id: created.user_id, email: created.identifier }, type: 'login', context_data: { plan: 'pro' },
        redirect_url: `${APP}/done`, link_id: created.id,
      });
      await expect(verification.authenticate({ tenantId, token, actor: ACTOR })).rejects.toMatchObject({ code: 'used' });
      expect(await failures(created.id)).toEqual(['used']);
      expect((await links.get(tenantId, created.id)).status).toBe('consumed');
    });

    it('reports revoked for a revoked link', async () => {
      const created = await link();
      const revoked = await linkList.revoke({ tenantId, id: created.id, actor: ACTOR });
      expect(revoked.status).toBe('revoked');
      await expect(verification.authenticate({ tenantId, token: tokenOf(created.url), actor: ACTOR })).rejects.toMatchObject({ code: 'revoked' });
      expect(await failures(created.id)).toEqual(['revoked']);
    });

    it('reports expired after the ttl', async () => {
      const created = await link();
      await ds.query(`UPDATE magic_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.id]);
      await expect(verification.authenticate({ tenantId, token: tokenOf(created.url), actor: ACTOR })).rejects.toMatchObject({ code: 'expired' });
      expect(await failures(created.id)).toEqual(['expired']);
    });

    it('reports invalid_token for another tenant or a malformed token, consuming nothing', async () => {
      const created = await link();
      const token = tokenOf(created.url);
      await expect(verification.authenticate({ tenantId: otherTenantId, token, actor: ACTOR })).rejects.toMatchObject({ code: 'invalid_token' });
      for (const bad of ['', 'short', `${token}x`, token.slice(0, 42) + '!', 'A'.repeat(43)]) {
        await expect(verification.authenticate({ tenantId, token: bad, actor: ACTOR })).rejects.toMatchObject({ code: 'invalid_token' });
      }
      // Unknown tokens cannot be tied to a link, so they leave no per-link audit row.
      expect(await failures(created.id)).toEqual([]);
      await expect(verification.authenticate({ tenantId, token, actor: ACTOR })).resolves.toMatchObject({ link_id: created.id });
    });

    it('enforces the IP binding', async () => {
      const created = await link({ ipAddress: '10.0.0.1' });
      const token = tokenOf(created.url);
      await expect(verification.authenticate({ tenantId, token, ipAddress: '10.0.0.2', actor: ACTOR })).rejects.toMatchObject({ code: 'binding_mismatch' });
      await expect(verification.authenticate({ tenantId, token, actor: ACTOR })).rejects.toMatchObject({ code: 'binding_mismatch' });
      expect(await failures(created.id)).toEqual(['binding_mismatch', 'binding_mismatch']);
      await expect(verification.authenticate({ tenantId, token, ipAddress: '10.0.0.1', actor: ACTOR })).resolves.toMatchObject({ link_id: created.id });
    });

    it('lets exactly one of 16 concurrent calls consume a token', async () => {
      const created = await link();
      const token = tokenOf(created.url);
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, () => verification.authenticate({ tenantId, token, actor: ACTOR })),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
      expect(codes).toEqual(Array(15).fill('used'));
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'magiclink.consumed' AND subject_id = $1`, [created.id],
      );
      expect(n).toBe(1);
    });
  });

  describe('hosted page consume and code exchange', () => {
    it('redirects with a one-time code, keeping the existing query', async () => {
      const created = await link({ redirectUrl: `${APP}/cb?state=abc` });
      const token = tokenOf(created.url);
      expect(await verification.peek({ token })).toMatchObject({ status: 'active', type: 'login', appName: 'Links Test' });

      const { redirectTo } = await verification.consume({ token, ip: '198.51.100.7', userAgent: 'browser' });
      const to = new URL(redirectTo);
      expect(`${to.origin}${to.pathname}`).toBe(`${APP}/cb`);
      expect(to.searchParams.get('state')).toBe('abc');
      const code = to.searchParams.get('code') ?? '';
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await verification.peek({ token })).toMatchObject({ status: 'used' });
      await expect(verification.consume({ token, ip: null, userAgent: null })).rejects.toMatchObject({ code: 'used' });

      await expect(verification.exchange({ tenantId: otherTenantId, code, actor: ACTOR })).rejects.toMatchObject({ code: 'invalid_code' });
      const res = await verification.exchange({ tenantId, code, actor: ACTOR });
      expect(res).toMatchObject({ user: { id: created.user_id, email: created.identifier }, link_id: created.id });
      await expect(verification.exchange({ tenantId, code, actor: ACTOR })).rejects.toMatchObject({ code: 'invalid_code' });
      await expect(verification.exchange({ tenantId, code: 'nope', actor: ACTOR })).rejects.toMatchObject({ code: 'invalid_code' });
    });

    it('falls back to app_origin when the link has no redirect', async () => {
      const created = await link();
      const { redirectTo } = await verification.consume({ token: tokenOf(created.url), ip: null, userAgent: null });
      expect(redirectTo).toMatch(/^https:\/\/app\.example\.com\/?\?code=[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('list', () => {
    it('pages newest first with next_cursor and rejects a bad cursor', async () => {
      const listTenant = (await newTenant('List Tenant')).id;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await link({ tenantId: listTenant })).id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await linkList.list({ tenantId: listTenant, limit: 2, cursor });
        pages++;
        seen.push(...page.data.map((l) => l.id));
        cursor = page.next_cursor ?? undefined;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());

      for (const bad of ['garbage', Buffer.from('2020-01-01T00:00:00Z|not-a-uuid').toString('base64url'), Buffer.from(`nope|${randomUUID()}`).toString('base64url')]) {
        await expect(linkList.list({ tenantId: listTenant, limit: 2, cursor: bad })).rejects.toMatchObject({ code: 'validation_failed' });
      }
    });

    // The cursor carries created_at to the microsecond: with milliseconds only, links created within the
    // same millisecond as a page's last row, but before it, would satisfy `(created_at, id) < cursor` falsely.
    it('does not skip links created within the same millisecond', async () => {
      const listTenant = (await newTenant('Same Ms Tenant')).id;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await link({ tenantId: listTenant })).id);
      // Five distinct microseconds inside one millisecond, oldest first.
      for (const [i, id] of ids.entries()) {
        await ds.query(`UPDATE magic_links SET created_at = '2030-01-01T00:00:00.000100Z'::timestamptz + make_interval(secs => $2 * 0.0001) WHERE id = $1`, [id, i]);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await linkList.list({ tenantId: listTenant, limit: 2, cursor });
        seen.push(...page.data.map((l) => l.id));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(seen).toEqual([...ids].reverse());
    });
  });
});
