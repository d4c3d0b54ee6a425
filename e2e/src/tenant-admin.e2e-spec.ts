import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, createApiKey, createLink, createTenant, expectStatus, mailOf, mapConcurrent, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

interface AuditEvent {
  id: string;
  type: string;
  created_at: string;
  actor: { api_key_id: string | null; ip: string | null; user_agent: string | null };
  subject: { type: string; id: string | null };
  user_id: string | null;
  data: Record<string, unknown>;
}

/** A tenant administrator: policy, users and the audit log, through HTTP only. */
describe('tenant administration API', () => {
  let stack: Stack;
  let tenant: Tenant;
  let linksOnlyKey: string;

  beforeAll(async () => {
    stack = await startStack({ label: 'tenantadmin' });
    tenant = await createTenant(stack, 'Admin Co');
    linksOnlyKey = await createApiKey(stack, tenant.api_key, ['magic_links:add', 'magic_links:view']);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const patchPolicy = (body: unknown, headers: Record<string, string> = {}) =>
    stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body, headers });

  describe('policy', () => {
    it('GET returns the whole policy; the tenant was created with redirects on', async () => {
      const res = await stack.api('/v1/policy', { key: tenant.api_key });
      expect(expectStatus(res, 200, 'GET /v1/policy').body).toMatchObject({
        links: { login: { enabled: true, ttl_seconds: 600 }, registration: { enabled: true, ttl_seconds: 300 } },
        redirect: { enabled: true, allowed_urls: [`${APP_ORIGIN}/auth/callback`] },
        app: { name: 'Admin Co', origin: APP_ORIGIN, sender_address: null, default_language: 'en' },
        users: { auto_send_registration: false, email_attribute: 'email', unknown_email: 'create' },
      });
    });

    it('PATCH refuses invalid changes with 400 validation_failed and details.issues', async () => {
      const cases: Array<[unknown, string]> = [
        [{ links: { login: { ttl_seconds: 59 } } }, 'links.login.ttl_seconds'],
        [{ links: { login: { enabled: 'yes' } } }, 'links.login.enabled'],
        [{ redirect: { allowed_urls: ['https://*.example.com/cb'] } }, 'redirect.allowed_urls.0'],
        [{ redirect: { allowed_urls: ['https://u:p@example.com/cb'] } }, 'redirect.allowed_urls.0'],
        [{ redirect: { allowed_urls: ['https://example.com/cb#frag'] } }, 'redirect.allowed_urls.0'],
        [{ redirect: { allowed_urls: ['http://example.com/cb'] } }, 'redirect.allowed_urls.0'],
        [{ redirect: { allowed_urls: Array.from({ length: 21 }, (_, i) => `https://example.com/cb${i}`) } }, 'redirect.allowed_urls'],
        [{ users: { unknown_email: 'ignore' } }, 'users.unknown_email'],
        [{ app: { sender_address: 'nope' } }, 'app.sender_address'],
        [{ surprise: 1 }, 'surprise'],
      ];
      for (const [body, path] of cases) {
        const res = await patchPolicy(body);
        expect([res.status, res.body.error?.code]).toEqual([400, 'validation_failed']);
        expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]));
      }
      for (const body of ['[1]', '"x"', '']) {
        const res = await patchPolicy(body);
        expect([res.status, res.body.error?.code]).toEqual([400, 'validation_failed']);
      }
      const limited = await stack.api('/v1/policy', { method: 'PATCH', key: linksOnlyKey, body: { links: { login: { enabled: false } } } });
      expect([limited.status, limited.body.error?.code]).toEqual([403, 'insufficient_scope']);
    });

    it('PATCH takes a merge patch (application/merge-patch+json too) and it applies at once', async () => {
      const res = await patchPolicy(JSON.stringify({ links: { password_reset: { enabled: false }, login: { ttl_seconds: 120 } } }), {
        'content-type': 'application/merge-patch+json',
      });
      expect(expectStatus(res, 200, 'PATCH').body.links).toMatchObject({ password_reset: { enabled: false, ttl_seconds: 900 }, login: { ttl_seconds: 120 } });
      const refused = await stack.api('/v1/magic-links', { key: tenant.api_key, body: { email: 'p@example.com', type: 'password_reset', send: false } });
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'type_disabled']);
      const login = await createLink(stack, tenant.api_key, { email: 'p@example.com', send: false });
      expect((Date.parse(login.expires_at) - Date.parse(login.created_at)) / 1000).toBeCloseTo(120, 0);
      expectStatus(await patchPolicy({ links: { password_reset: { enabled: true }, login: { ttl_seconds: null } } }), 200, 'PATCH back');
      await createLink(stack, tenant.api_key, { email: 'p@example.com', type: 'password_reset', send: false });
    });
  });

  describe('users', () => {
    it('creates, finds by email, updates and deletes users; a disabled user gets no link', async () => {
      const created = await stack.api('/v1/users', {
        key: tenant.api_key, body: { email: 'Lin@Example.com', attributes: { team: 'blue' }, magic_link_email: 'lin.inbox@example.com' },
      });
      const user = expectStatus(created, 201, 'POST /v1/users').body;
      expect(user).toMatchObject({ email: 'lin@example.com', status: 'active', magic_link_address: 'lin.inbox@example.com', registration_link: null });
      const dup = await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'lin@example.com' } });
      expect([dup.status, dup.body.error?.code]).toEqual([409, 'conflict']);
      const bad = await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'x@example.com', attributes: { 'no spaces': 1 } } });
      expect([bad.status, bad.body.error?.code]).toEqual([400, 'validation_failed']);

      const found = expectStatus(await stack.api('/v1/users?email=LIN%40example.com', { key: tenant.api_key }), 200, 'GET ?email').body;
      expect(found.data.map((u: { id: string }) => u.id)).toEqual([user.id]);
      expect((await stack.api(`/v1/users/${user.id}`, { key: linksOnlyKey })).status).toBe(403);

      const disabled = await stack.api(`/v1/users/${user.id}`, { method: 'PATCH', key: tenant.api_key, body: { status: 'disabled', attributes: { team: null, role: 'ops' } } });
      expect(expectStatus(disabled, 200, 'PATCH user').body).toMatchObject({ status: 'disabled', attributes: { role: 'ops' } });
      const refused = await stack.api('/v1/magic-links', { key: tenant.api_key, body: { user_id: user.id, send: false } });
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'user_disabled']);

      const removed = await stack.api(`/v1/users/${user.id}`, { method: 'DELETE', key: tenant.api_key });
      expect(removed.status).toBe(204);
      expect((await stack.api(`/v1/users/${user.id}`, { key: tenant.api_key })).status).toBe(404);
    });

    it('emails a registration link when a user is created, when the policy says so', async () => {
      expectStatus(await patchPolicy({ users: { auto_send_registration: true } }), 200, 'PATCH auto send');
      const before = stack.sendgrid.requests.length;
      const created = await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'newbie@example.com' } });
      const user = expectStatus(created, 201, 'POST /v1/users').body;
      expect(user.registration_link).toMatchObject({ type: 'registration', user_id: user.id, status: 'active' });
      expect(user.registration_link.url).toBeUndefined();
      const requests = await stack.sendgrid.waitFor(before + 1, 15_000);
      expect(mailOf(requests[before]).personalizations[0].to[0].email).toBe('newbie@example.com');
      expectStatus(await patchPolicy({ users: { auto_send_registration: false } }), 200, 'PATCH auto send off');
    });
  });

  describe('audit log', () => {
    it('pages over 250+ events newest first, each once, with actor, IP and user agent', async () => {
      // 125 links, each for a new user: 250 events (user.created, magiclink.created), after the earlier ones.
      await mapConcurrent(Array.from({ length: 125 }, (_, i) => i), 6, async (i) => {
        const res = await stack.api('/v1/magic-links', {
          key: tenant.api_key, body: { email: `many-${i}@example.com`, send: false }, headers: { 'user-agent': `bulk/${i}` },
        });
        expectStatus(res, 201, `link ${i}`);
      });
      const seen: AuditEvent[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await stack.api(`/v1/audit-events?${query}`, { key: tenant.api_key });
        const page = expectStatus(res, 200, `audit page ${pages}`).body as { data: AuditEvent[]; next_cursor: string | null };
        seen.push(...page.data);
        cursor = page.next_cursor;
        pages++;
      } while (cursor && pages < 20);

      const { rows } = await stack.db.pool.query(`SELECT id::text AS id FROM audit_events WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC`, [tenant.id]);
      expect(rows.length).toBeGreaterThan(250);
      expect(seen.map((e) => e.id)).toEqual(rows.map((r: { id: string }) => r.id));
      expect(pages).toBe(Math.ceil(rows.length / 100));

      const bulk = seen.filter((e) => e.type === 'magiclink.created' && e.actor.user_agent?.startsWith('bulk/'));
      expect(bulk).toHaveLength(125);
      expect(new Set(bulk.map((e) => e.actor.user_agent)).size).toBe(125);
      for (const e of bulk) expect(e.actor).toEqual({ api_key_id: expect.any(String), ip: '127.0.0.1', user_agent: expect.stringMatching(/^bulk\/\d+$/) });
      const policyChanges = seen.filter((e) => e.type === 'policy.updated');
      expect(policyChanges.length).toBeGreaterThanOrEqual(3);
    });

    it('filters by type, user, link and time, and validates its query', async () => {
      const link = await createLink(stack, tenant.api_key, { email: 'filter@example.com', send: false });
      await stack.api(`/v1/magic-links/${link.id}`, { method: 'DELETE', key: tenant.api_key });
      const get = async (q: string) => expectStatus(await stack.api(`/v1/audit-events?${q}`, { key: tenant.api_key }), 200, q).body.data as AuditEvent[];
      expect((await get(`link_id=${link.id}`)).map((e) => e.type)).toEqual(['magiclink.revoked', 'magiclink.created']);
      expect((await get(`user_id=${link.user_id}&type=user.created`)).map((e) => e.type)).toEqual(['user.created']);
      expect((await get('type=magiclink.revoked,user.deleted')).map((e) => e.type).sort()).toEqual(['magiclink.revoked', 'user.deleted']);
      const [newest] = await get('limit=1');
      expect((await get(`since=${encodeURIComponent(newest.created_at)}`)).map((e) => e.id)).toContain(newest.id);
      expect(await get('until=2000-01-01T00:00:00Z')).toEqual([]);

      for (const q of ['limit=0', 'limit=101', 'user_id=nope', 'since=yesterday', 'cursor=garbage']) {
        const res = await stack.api(`/v1/audit-events?${q}`, { key: tenant.api_key });
        expect([q, res.status, res.body.error?.code]).toEqual([q, 400, 'validation_failed']);
      }
      const badType = await stack.api('/v1/audit-events?type=Not%20A%20Type', { key: tenant.api_key });
      expect([badType.status, badType.body.error?.code]).toEqual([400, 'unknown_type']);
      const limited = await stack.api('/v1/audit-events', { key: linksOnlyKey });
      expect([limited.status, limited.body.error?.code]).toEqual([403, 'insufficient_scope']);
      const auditor = await createApiKey(stack, tenant.api_key, ['audit:read']);
      expect((await stack.api('/v1/audit-events?limit=1', { key: auditor })).status).toBe(200);
    });
  });
});
