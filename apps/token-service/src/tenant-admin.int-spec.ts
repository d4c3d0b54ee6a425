import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LINK_TYPES, LinkType } from '@sesame/domain';
import type { Actor, AuditEventView, CreateLinkRequest } from '@sesame/messaging';
import { AuditService } from './audit/audit.service';
import { LinkListService } from './links/link-list.service';
import { LinkService } from './links/link.service';
import { VerificationService } from './links/verification.service';
import { PolicyService } from './policy/policy.service';
import { TenantService } from './tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from './testing/token-service-context';
import { UserService } from './users/user.service';

const APP = 'https://app.example.com';
const tokenOf = (url: string | undefined) => (url ?? '').split('/l/')[1] ?? '';

describe('token-service tenant administration: policy, users, audit (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let links: LinkService;
  let linkList: LinkListService;
  let verification: VerificationService;
  let policy: PolicyService;
  let users: UserService;
  let auditLog: AuditService;
  let tenants: TenantService;

  /** Every test gets its own tenant and its own actor, so audit assertions see only their own rows. */
  const newTenant = async (allowedRedirectUrls: string[] = []) =>
    (await tenants.create({ requestId: randomUUID(), name: `Admin ${randomUUID().slice(0, 8)}`, appOrigin: APP, allowedRedirectUrls })).id;
  const newActor = (): Actor => ({ apiKeyId: randomUUID(), ip: `198.51.100.${1 + (randomBytes(1)[0] % 250)}`, userAgent: `jest/${randomUUID().slice(0, 8)}` });
  const link = (tenantId: string, over: Partial<CreateLinkRequest> = {}) =>
    links.create({ requestId: randomUUID(), tenantId, actor: newActor(), email: `u-${randomUUID()}@example.com`, type: 'login', send: false, ...over });
  const patch = (tenantId: string, p: unknown, actor: Actor = newActor()) => policy.update({ tenantId, patch: p, actor });
  const events = async (tenantId: string, filter: { types?: string[]; userId?: string; linkId?: string } = {}) =>
    (await auditLog.list({ tenantId, limit: 100, ...filter })).data;
  const subscribe = (tenantId: string, types: string[]) =>
    ds.query(`INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret) VALUES ($1, $2, 'https://hooks.example.com/x', $3, $4)`, [
      randomUUID(), tenantId, types, randomBytes(48),
    ]);
  const outboxEvents = async (tenantId: string, type: string): Promise<{ type: string; data: Record<string, unknown> }[]> =>
    (await ds.query(`SELECT payload FROM outbox WHERE tenant_id = $1 AND queue = 'webhooks' AND payload->'event'->>'type' = $2 ORDER BY id`, [tenantId, type]))
      .map((r: { payload: { event: { type: string; data: Record<string, unknown> } } }) => r.payload.event);
  const expectActor = (e: AuditEventView | undefined, actor: Actor) =>
    expect(e?.actor).toEqual({ api_key_id: actor.apiKeyId, ip: actor.ip, user_agent: actor.userAgent });

  beforeAll(async () => {
    ctx = await startTokenServiceContext('tenantadmin');
    ({ app, ds } = ctx);
    links = app.get(LinkService);
    linkList = app.get(LinkListService);
    verification = app.get(VerificationService);
    policy = app.get(PolicyService);
    users = app.get(UserService);
    auditLog = app.get(AuditService);
    tenants = app.get(TenantService);
  }, 30_000);

  afterAll(async () => {
    await ctx?.close();
  });

  describe('policy', () => {
    it('starts from the defaults; a tenant created with allowed redirect URLs has redirects on', async () => {
      const plain = await policy.get({ tenantId: await newTenant() });
      expect(plain.redirect).toEqual({ enabled: false, allowed_urls: [] });
      expect(plain.links).toEqual({
        login: { enabled: true, ttl_seconds: 600 }, registration: { enabled: true, ttl_seconds: 300 },
        password_reset: { enabled: true, ttl_seconds: 900 }, verify_email: { enabled: true, ttl_seconds: 86400 },
      });
      const withUrls = await policy.get({ tenantId: await newTenant([`${APP}/callback`]) });
      expect(withUrls.redirect).toEqual({ enabled: true, allowed_urls: [`${APP}/callback`] });
    });

    it('refuses an invalid patch with every issue and changes nothing', async () => {
      const tenantId = await newTenant();
      const before = await policy.get({ tenantId });
      const err = await patch(tenantId, {
        links: { login: { ttl_seconds: 59 }, registration: { ttl_seconds: 86401 } },
        redirect: { allowed_urls: ['http://app.example.com/cb'] },
        nope: true,
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'validation_failed' });
      expect(err.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['nope']));
      const semantic = await patch(tenantId, { links: { login: { ttl_seconds: 59 }, registration: { ttl_seconds: 86401 } }, redirect: { allowed_urls: ['https://*.example.com/cb'] } })
        .catch((e) => e);
      expect(semantic.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'links.login.ttl_seconds', 'links.registration.ttl_seconds', 'redirect.allowed_urls.0',
      ]);
      expect(await policy.get({ tenantId })).toEqual(before);
      expect(await events(tenantId, { types: ['policy.updated'] })).toEqual([]);
    });

    it('takes 20 allowed redirect URLs and refuses the 21st', async () => {
      const tenantId = await newTenant();
      const urls = Array.from({ length: 21 }, (_, i) => `${APP}/cb/${i}`);
      const saved = await patch(tenantId, { redirect: { enabled: true, allowed_urls: urls.slice(0, 20) } });
      expect(saved.redirect.allowed_urls).toHaveLength(20);
      await expect(patch(tenantId, { redirect: { allowed_urls: urls } })).rejects.toMatchObject({
        code: 'validation_failed', details: { issues: [{ path: 'redirect.allowed_urls', message: 'at most 20 allowed redirect URLs' }] },
      });
      await expect(link(tenantId, { redirectUrl: `${APP}/cb/19?state=x` })).resolves.toMatchObject({ redirect_url: `${APP}/cb/19?state=x` });
      await expect(link(tenantId, { redirectUrl: `${APP}/cb/20` })).rejects.toMatchObject({ code: 'redirect_not_allowed' });
    });

    it('refuses every redirect while redirects are disabled, even a listed one, never falling back', async () => {
      const tenantId = await newTenant([`${APP}/callback`]);
      await expect(link(tenantId, { redirectUrl: `${APP}/callback` })).resolves.toMatchObject({ redirect_url: `${APP}/callback` });
      await patch(tenantId, { redirect: { enabled: false } });
      for (const requested of [`${APP}/callback`, '/callback', 'https://evil.example.net/']) {
        await expect(link(tenantId, { redirectUrl: requested })).rejects.toMatchObject({ code: 'redirect_not_allowed' });
      }
      await expect(link(tenantId)).resolves.toMatchObject({ redirect_url: null });
    });

    it.each(LINK_TYPES)('refuses a %s link while that type is disabled, and takes it again once enabled', async (type: LinkType) => {
      const tenantId = await newTenant();
      await patch(tenantId, { links: { [type]: { enabled: false } } });
      await expect(link(tenantId, { type })).rejects.toMatchObject({ code: 'type_disabled' });
      for (const other of LINK_TYPES.filter((t) => t !== type)) await expect(link(tenantId, { type: other })).resolves.toMatchObject({ type: other });
      await patch(tenantId, { links: { [type]: { enabled: true } } });
      await expect(link(tenantId, { type })).resolves.toMatchObject({ type, status: 'active' });
    });

    it('applies the lifetime of each type, lets a link override it within 60 s to 24 h', async () => {
      const tenantId = await newTenant();
      const lifetime = (l: { created_at: string; expires_at: string }) => (Date.parse(l.expires_at) - Date.parse(l.created_at)) / 1000;
      const defaults: Record<LinkType, number> = { login: 600, registration: 300, password_reset: 900, verify_email: 86400 };
      for (const type of LINK_TYPES) expect(lifetime(await link(tenantId, { type }))).toBeCloseTo(defaults[type], 0);

      await patch(tenantId, { links: { login: { ttl_seconds: 120 }, verify_email: { ttl_seconds: 3600 } } });
      expect(lifetime(await link(tenantId, { type: 'login' }))).toBeCloseTo(120, 0);
      expect(lifetime(await link(tenantId, { type: 'verify_email' }))).toBeCloseTo(3600, 0);
      expect(lifetime(await link(tenantId, { type: 'login', ttlSeconds: 60 }))).toBeCloseTo(60, 0);
      expect(lifetime(await link(tenantId, { type: 'login', ttlSeconds: 86400 }))).toBeCloseTo(86400, 0);
      for (const ttlSeconds of [59, 86401, 0]) await expect(link(tenantId, { ttlSeconds })).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('records a change in the audit log with actor, IP and user agent, and as policy.updated; nothing for no change', async () => {
      const tenantId = await newTenant();
      await subscribe(tenantId, ['policy.updated']);
      const actor = newActor();
      const next = await patch(tenantId, { links: { password_reset: { enabled: false } }, app: { default_language: 'de' } }, actor);
      expect(next.app.default_language).toBe('de');
      const [e] = await events(tenantId, { types: ['policy.updated'] });
      expectActor(e, actor);
      expect(e.subject).toEqual({ type: 'tenant', id: tenantId });
      expect(e.data.changes).toEqual([
        { path: 'links.password_reset.enabled', from: true, to: false },
        { path: 'app.default_language', from: 'en', to: 'de' },
      ]);
      const [hook] = await outboxEvents(tenantId, 'policy.updated');
      expect(hook.data).toEqual({
        sections: ['links', 'app'],
        changes: [{ path: 'links.password_reset.enabled', section: 'links' }, { path: 'app.default_language', section: 'app' }],
        truncated: false,
      });

      await patch(tenantId, { app: { default_language: 'de' } });
      expect(await events(tenantId, { types: ['policy.updated'] })).toHaveLength(1);
      expect(await outboxEvents(tenantId, 'policy.updated')).toHaveLength(1);
    });
  });

  describe('users', () => {
    it('creates, finds by id and email, updates, and deletes a user, auditing each change', async () => {
      const tenantId = await newTenant();
      await subscribe(tenantId, ['user.created', 'user.updated', 'user.deleted']);
      const actor = newActor();
      const created = await users.create({
        requestId: randomUUID(), tenantId, actor, email: 'Ada@Example.com', attributes: { dept: 'sales', level: 3 },
      });
      expect(created).toMatchObject({
        email: 'ada@example.com', status: 'active', attributes: { dept: 'sales', level: 3 }, magic_link_email: null,
        magic_link_address: 'ada@example.com', registration_link: null,
      });
      expect(await users.get({ tenantId, id: created.id })).toMatchObject({ id: created.id, email: 'ada@example.com' });
      expect((await users.list({ tenantId, email: 'ADA@example.com', limit: 10 })).data.map((u) => u.id)).toEqual([created.id]);
      await expect(users.create({ requestId: randomUUID(), tenantId, actor, email: 'ada@example.com' })).rejects.toMatchObject({ code: 'conflict' });

      const updated = await users.update({ tenantId, id: created.id, actor, attributes: { level: null, team: 'north' }, status: 'disabled' });
      expect(updated).toMatchObject({ status: 'disabled', attributes: { dept: 'sales', team: 'north' } });
      await users.create({ requestId: randomUUID(), tenantId, actor, email: 'bob@example.com' });
      await expect(users.update({ tenantId, id: created.id, actor, email: 'bob@example.com' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(users.update({ tenantId, id: created.id, actor, email: 'ada@example.com' })).resolves.toMatchObject({ status: 'disabled' });

      await users.delete({ tenantId, id: created.id, actor });
      await expect(users.get({ tenantId, id: created.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(users.delete({ tenantId, id: created.id, actor })).rejects.toMatchObject({ code: 'not_found' });

      const trail = (await events(tenantId, { userId: created.id })).reverse();
      expect(trail.map((e) => e.type)).toEqual(['user.created', 'user.updated', 'user.deleted']);
      for (const e of trail) expectActor(e, actor);
      expect(trail[1].data.changes).toEqual(expect.arrayContaining([
        { path: 'status', from: 'active', to: 'disabled' }, { path: 'attributes.level', from: 3, to: null },
        { path: 'attributes.team', from: null, to: 'north' },
      ]));
      const hooks = await outboxEvents(tenantId, 'user.updated');
      expect(hooks[0].data).toEqual({ user_id: created.id, email: 'ada@example.com', status: 'disabled', changes: expect.arrayContaining(['status']) });
      expect((await outboxEvents(tenantId, 'user.deleted'))[0].data).toEqual({ user_id: created.id, email: 'ada@example.com' });
      expect((await outboxEvents(tenantId, 'user.created')).map((h) => h.data.email)).toEqual(['ada@example.com', 'bob@example.com']);
    });

    it('emails a registration link in the same transaction when the policy says so (and only then)', async () => {
      const tenantId = await newTenant();
      const quiet = await users.create({ requestId: randomUUID(), tenantId, actor: newActor(), email: `q-${randomUUID()}@example.com` });
      expect(quiet.registration_link).toBeNull();

      await patch(tenantId, { users: { auto_send_registration: true } });
      const actor = newActor();
      const created = await users.create({ requestId: randomUUID(), tenantId, actor, email: `r-${randomUUID()}@example.com`, magicLinkEmail: 'Inbox@Example.com' });
      expect(created.registration_link).toMatchObject({ type: 'registration', user_id: created.id, status: 'active' });
      expect(created.registration_link).not.toHaveProperty('url');
      const [d] = await ds.query(`SELECT status, to_address FROM mail_deliveries WHERE link_id = $1`, [created.registration_link!.id]);
      expect(d).toEqual({ status: 'queued', to_address: 'inbox@example.com' });
      const [ob] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'mail' AND payload->>'deliveryId' IN (SELECT id::text FROM mail_deliveries WHERE link_id = $1)`, [created.registration_link!.id]);
      expect(ob.n).toBe(1);
      const linkEvents = await events(tenantId, { linkId: created.registration_link!.id });
      expect(linkEvents.map((e) => e.type)).toEqual(['magiclink.created']);
      expectActor(linkEvents[0], actor);

      const disabled = await users.create({ requestId: randomUUID(), tenantId, actor, email: `d-${randomUUID()}@example.com`, status: 'disabled' });
      expect(disabled.registration_link).toBeNull();
      await patch(tenantId, { links: { registration: { enabled: false } } });
      const typeOff = await users.create({ requestId: randomUUID(), tenantId, actor, email: `o-${randomUUID()}@example.com` });
      expect(typeOff.registration_link).toBeNull();
    });

    it('sends to the per-user address, else the policy\'s email attribute, else the email', async () => {
      const tenantId = await newTenant();
      await patch(tenantId, { users: { email_attribute: 'work_email' } });
      const actor = newActor();
      const mk = (email: string, attributes: Record<string, unknown>, magicLinkEmail?: string) =>
        users.create({ requestId: randomUUID(), tenantId, actor, email, attributes, magicLinkEmail });
      const byAttr = await mk('a@home.example', { work_email: 'A@Work.example' });
      const byOverride = await mk('b@home.example', { work_email: 'b@work.example' }, 'b@inbox.example');
      const byEmail = await mk('c@home.example', { work_email: 'not an address' });
      expect([byAttr, byOverride, byEmail].map((u) => u.magic_link_address)).toEqual(['a@work.example', 'b@inbox.example', 'c@home.example']);

      const sentTo = async (userId: string, deliverTo?: string) => {
        const l = await links.create({ requestId: randomUUID(), tenantId, actor, userId, type: 'login', send: true, deliverTo });
        return (await ds.query(`SELECT to_address FROM mail_deliveries WHERE link_id = $1`, [l.id]))[0].to_address;
      };
      expect(await sentTo(byAttr.id)).toBe('a@work.example');
      expect(await sentTo(byOverride.id)).toBe('b@inbox.example');
      expect(await sentTo(byEmail.id)).toBe('c@home.example');
      // Entrust `email`: one of the user's addresses, or refused.
      expect(await sentTo(byOverride.id, 'B@Home.example')).toBe('b@home.example');
      expect(await sentTo(byOverride.id, 'b@work.example')).toBe('b@work.example');
      await expect(sentTo(byOverride.id, 'mallory@evil.example')).rejects.toMatchObject({ code: 'validation_failed' });

      await users.update({ tenantId, id: byOverride.id, actor, magicLinkEmail: null });
      expect(await sentTo(byOverride.id)).toBe('b@work.example');
    });

    it('creates unknown users from link requests by default, refuses them when the policy is login-only', async () => {
      const tenantId = await newTenant();
      const email = `new-${randomUUID()}@example.com`;
      await patch(tenantId, { users: { unknown_email: 'refuse' } });
      await expect(link(tenantId, { email })).rejects.toMatchObject({ code: 'not_found' });
      expect((await users.list({ tenantId, email, limit: 1 })).data).toEqual([]);
      await users.create({ requestId: randomUUID(), tenantId, actor: newActor(), email });
      await expect(link(tenantId, { email })).resolves.toMatchObject({ identifier: email });

      await patch(tenantId, { users: { unknown_email: 'create' } });
      const actor = newActor();
      const other = `other-${randomUUID()}@example.com`;
      const created = await link(tenantId, { email: other, actor });
      const [made] = await events(tenantId, { userId: created.user_id, types: ['user.created'] });
      expect(made.data).toMatchObject({ via: 'magic_link', email: other });
      expectActor(made, actor);
    });

    it('gives a disabled user no link and does not let them use one already sent', async () => {
      const tenantId = await newTenant();
      const actor = newActor();
      const u = await users.create({ requestId: randomUUID(), tenantId, actor, email: `x-${randomUUID()}@example.com` });
      const before = await link(tenantId, { email: undefined, userId: u.id });
      await users.update({ tenantId, id: u.id, actor, status: 'disabled' });

      await expect(link(tenantId, { email: undefined, userId: u.id })).rejects.toMatchObject({ code: 'user_disabled' });
      await expect(link(tenantId, { email: u.email })).rejects.toMatchObject({ code: 'user_disabled' });
      const token = tokenOf(before.url);
      expect(await verification.peek({ token })).toEqual({ status: 'invalid', tenantId, language: null });
      await expect(verification.authenticate({ tenantId, token, actor })).rejects.toMatchObject({ code: 'user_disabled' });
      await expect(verification.consume({ token, ip: null, userAgent: null })).rejects.toMatchObject({ code: 'user_disabled' });
      expect((await links.get(tenantId, before.id)).status).toBe('active');

      await users.update({ tenantId, id: u.id, actor, status: 'active' });
      await expect(verification.authenticate({ tenantId, token, actor })).resolves.toMatchObject({ link_id: before.id });
    });
  });

  describe("a user's latest link (Entrust GET/DELETE)", () => {
    it('shows the newest link with where it was emailed, and revokes every live one', async () => {
      const tenantId = await newTenant();
      const actor = newActor();
      const u = await users.create({ requestId: randomUUID(), tenantId, actor, email: `e-${randomUUID()}@example.com` });
      await expect(linkList.latestForUser({ tenantId, userId: u.id })).rejects.toMatchObject({ code: 'not_found', message: 'The user has no magic link' });
      await expect(linkList.latestForUser({ tenantId, userId: randomUUID() })).rejects.toMatchObject({ code: 'not_found', message: 'User not found' });

      const first = await link(tenantId, { email: undefined, userId: u.id, send: false });
      const second = await link(tenantId, { email: undefined, userId: u.id, send: true, type: 'password_reset' });
      expect(await linkList.latestForUser({ tenantId, userId: u.id })).toMatchObject({ id: second.id, type: 'password_reset', status: 'active', delivered_to: u.email });

      expect(await linkList.revokeForUser({ tenantId, userId: u.id, actor })).toEqual({ revoked: 2 });
      expect(await linkList.revokeForUser({ tenantId, userId: u.id, actor })).toEqual({ revoked: 0 });
      expect((await links.get(tenantId, first.id)).status).toBe('revoked');
      expect(await linkList.latestForUser({ tenantId, userId: u.id })).toMatchObject({ id: second.id, status: 'revoked' });
      const revoked = await events(tenantId, { types: ['magiclink.revoked'] });
      expect(revoked.map((e) => e.subject.id).sort()).toEqual([first.id, second.id].sort());
      for (const e of revoked) expectActor(e, actor);
    });
  });

  describe('audit log', () => {
    it('records create, consume, failed verification and revoke with actor, IP and user agent', async () => {
      const tenantId = await newTenant();
      const creator = newActor();
      const verifier = newActor();
      const revoker = newActor();
      const l = await link(tenantId, { actor: creator });
      await verification.authenticate({ tenantId, token: tokenOf(l.url), actor: verifier });
      await expect(verification.authenticate({ tenantId, token: tokenOf(l.url), actor: verifier })).rejects.toMatchObject({ code: 'used' });
      const other = await link(tenantId, { actor: creator });
      await linkList.revoke({ tenantId, id: other.id, actor: revoker });

      const trail = (await events(tenantId, { linkId: l.id })).reverse();
      expect(trail.map((e) => e.type)).toEqual(['magiclink.created', 'magiclink.consumed', 'magiclink.verification_failed']);
      expectActor(trail[0], creator);
      expectActor(trail[1], verifier);
      expectActor(trail[2], verifier);
      expect(trail.every((e) => e.user_id === l.user_id)).toBe(true);
      const [revoked] = await events(tenantId, { linkId: other.id, types: ['magiclink.revoked'] });
      expectActor(revoked, revoker);
      expect(JSON.stringify(await events(tenantId))).not.toContain(tokenOf(l.url));
    });

    it('pages 250 events newest first without skipping or repeating, even with identical timestamps', async () => {
      const tenantId = await newTenant();
      // 250 rows in one transaction: one created_at for all, so only the id orders them.
      await ds.query(
        `INSERT INTO audit_events (tenant_id, action, subject_type, data) SELECT $1, 'test.bulk', 'test', jsonb_build_object('n', n) FROM generate_series(1, 250) n`,
        [tenantId],
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await auditLog.list({ tenantId, types: ['test.bulk'], limit: 100, cursor });
        seen.push(...page.data.map((e) => String(e.data.n)));
        cursor = page.next_cursor ?? undefined;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => String(250 - i)));

      await expect(auditLog.list({ tenantId, limit: 10, cursor: 'garbage' })).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('pages across distinct microseconds within one millisecond', async () => {
      const tenantId = await newTenant();
      await ds.query(
        `INSERT INTO audit_events (tenant_id, action, subject_type, data, created_at)
         SELECT $1, 'test.us', 'test', jsonb_build_object('n', n), '2030-01-01T00:00:00.000100Z'::timestamptz + make_interval(secs => n * 0.000001)
         FROM generate_series(1, 7) n`,
        [tenantId],
      );
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await auditLog.list({ tenantId, types: ['test.us'], limit: 2, cursor });
        seen.push(...page.data.map((e) => Number(e.data.n)));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    });

    it('filters by type, user, link and time', async () => {
      const tenantId = await newTenant();
      const a = await link(tenantId);
      const b = await link(tenantId);
      await linkList.revoke({ tenantId, id: b.id, actor: newActor() });
      expect((await events(tenantId, { types: ['magiclink.revoked'] })).map((e) => e.subject.id)).toEqual([b.id]);
      expect((await events(tenantId, { types: ['magiclink.revoked', 'magiclink.created'] }))).toHaveLength(3);
      expect((await events(tenantId, { userId: a.user_id })).map((e) => e.type).sort()).toEqual(['magiclink.created', 'user.created']);
      expect((await events(tenantId, { linkId: b.id })).map((e) => e.type)).toEqual(['magiclink.revoked', 'magiclink.created']);

      const all = await events(tenantId);
      const newest = all[0].created_at;
      expect((await auditLog.list({ tenantId, limit: 100, since: newest })).data.map((e) => e.id)).toContain(all[0].id);
      expect((await auditLog.list({ tenantId, limit: 100, until: newest })).data.map((e) => e.id)).not.toContain(all[0].id);
      expect((await auditLog.list({ tenantId, limit: 100, until: '2000-01-01T00:00:00Z' })).data).toEqual([]);
      await expect(auditLog.list({ tenantId, limit: 10, since: 'yesterday' })).rejects.toMatchObject({ code: 'validation_failed' });
      // Another tenant's events are never listed.
      expect(await events(await newTenant(), { linkId: a.id })).toEqual([]);
    });
  });
});
