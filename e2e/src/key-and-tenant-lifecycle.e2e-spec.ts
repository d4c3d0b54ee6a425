import { apiRequest, ApiResponse, startStack, Stack } from '@sesame/testing';
import { createLink, createTenant, eventually, expectStatus, sleep, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(240_000);

/**
 * The key cache is trusted for 10 s here (the longest API_KEY_CACHE_MS allows), so a refusal seen
 * within INVALIDATION_MS on the replica that did not handle the change can only come from the
 * cross-replica invalidation, not from an entry that happened to expire.
 */
const KEY_CACHE_MS = 10_000;
const INVALIDATION_MS = 1500;

interface KeyItem {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  created_by: string | null;
}

interface AuditEvent {
  type: string;
  actor: { api_key_id: string | null };
  subject: { type: string; id: string | null };
  data: Record<string, unknown>;
}

describe('API key and tenant lifecycle (two gateway replicas)', () => {
  let stack: Stack;
  let tenant: Tenant;
  /** The tenant's first key has the tenant's id. */
  let adminKeyId: string;

  beforeAll(async () => {
    stack = await startStack({
      label: 'lifecycle', gatewayReplicas: 2, env: { API_KEY_CACHE_MS: String(KEY_CACHE_MS), DELETED_TENANT_RETENTION_SECONDS: '2', TRUST_PROXY: 'loopback' },
    });
    tenant = await createTenant(stack, 'Lifecycle Co');
    adminKeyId = tenant.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The same request on every gateway replica. */
  const onEveryReplica = (path: string, key: string) => Promise.all(stack.gatewayUrls.map((url) => apiRequest(url, path, { key })));
  const statuses = (responses: ApiResponse[]) => responses.map((r) => [r.status, r.body?.error?.code ?? null]);
  const useKey = (key: string) => onEveryReplica('/v1/magic-links?limit=1', key);
  const newKey = async (body: Record<string, unknown>) =>
    expectStatus(await stack.api<KeyItem & { key: string }>('/v1/api-keys', { key: tenant.api_key, body }), 201, 'POST /v1/api-keys').body;
  const listKeys = async () => expectStatus(await stack.api<{ data: KeyItem[] }>('/v1/api-keys?limit=100', { key: tenant.api_key }), 200, 'GET /v1/api-keys').body.data;
  const auditOf = async (types: string) =>
    expectStatus(await stack.api<{ data: AuditEvent[] }>(`/v1/audit-events?type=${types}&limit=100`, { key: tenant.api_key }), 200, 'audit').body.data;

  describe('API keys', () => {
    it('the tenant\'s last admin key cannot be revoked (409 last_admin_key)', async () => {
      const res = await stack.api(`/v1/api-keys/${adminKeyId}`, { method: 'DELETE', key: tenant.api_key });
      expect([res.status, res.body.error?.code]).toEqual([409, 'last_admin_key']);
      expect(statuses(await onEveryReplica('/v1/api-keys', tenant.api_key))).toEqual([[200, null], [200, null]]);
    });

    it('lists a new key by its prefix (never the secret), records its last use, and a revocation holds on every replica at once', async () => {
      const created = await newKey({ name: 'reporting', scopes: ['magic_links:view'] });
      expect(created.key.startsWith(created.prefix)).toBe(true);
      let listed = (await listKeys()).find((k) => k.id === created.id);
      expect(listed).toEqual({
        id: created.id, name: 'reporting', prefix: created.prefix, scopes: ['magic_links:view'], created_at: created.created_at,
        expires_at: null, last_used_at: null, created_by: adminKeyId,
      });
      const listText = JSON.stringify((await stack.api('/v1/api-keys', { key: tenant.api_key })).body);
      expect(listText).not.toContain(created.key);

      expect(statuses(await useKey(created.key))).toEqual([[200, null], [200, null]]);
      listed = (await listKeys()).find((k) => k.id === created.id);
      expect(Date.parse(listed?.last_used_at ?? '')).toBeGreaterThan(Date.now() - 60_000);

      expectStatus(await stack.api(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: tenant.api_key }), 204, 'DELETE');
      const started = Date.now();
      const refused = await eventually(async () => {
        const s = statuses(await useKey(created.key));
        return s.every(([status]) => status === 401) ? s : null;
      }, INVALIDATION_MS, 50);
      expect(refused).toEqual([[401, 'unauthorized'], [401, 'unauthorized']]);
      expect(Date.now() - started).toBeLessThan(INVALIDATION_MS);
      expect((await listKeys()).map((k) => k.id)).not.toContain(created.id);
      expect((await stack.api(`/v1/api-keys/${created.id}`, { method: 'DELETE', key: tenant.api_key })).status).toBe(404);
    });

    it('rotation with an overlap: both keys work, then only the new one (401 api_key_expired)', async () => {
      const old = await newKey({ name: 'worker', scopes: ['magic_links:view'] });
      expect(statuses(await useKey(old.key))).toEqual([[200, null], [200, null]]);
      const rotated = expectStatus(await stack.api(`/v1/api-keys/${old.id}/rotate`, { key: tenant.api_key, body: { overlap_seconds: 3 } }), 201, 'rotate').body;
      expect(rotated).toMatchObject({ name: 'worker', scopes: ['magic_links:view'], replaces: { id: old.id } });
      expect(rotated.key).not.toBe(old.key);
      const overlapEnds = Date.parse(rotated.replaces.expires_at);
      expect(overlapEnds - Date.now()).toBeGreaterThan(1000);
      expect(statuses(await useKey(old.key))).toEqual([[200, null], [200, null]]);
      expect(statuses(await useKey(rotated.key))).toEqual([[200, null], [200, null]]);
      await sleep(overlapEnds - Date.now() + 100);
      expect(statuses(await useKey(old.key))).toEqual([[401, 'api_key_expired'], [401, 'api_key_expired']]);
      expect(statuses(await useKey(rotated.key))).toEqual([[200, null], [200, null]]);
      const again = await stack.api(`/v1/api-keys/${old.id}/rotate`, { key: tenant.api_key, body: { overlap_seconds: 0 } });
      expect([again.status, again.body.error?.code]).toEqual([409, 'conflict']);
    });

    it('rotation with overlap 0 refuses the old key at once on every replica', async () => {
      const old = await newKey({ name: 'cron', scopes: ['magic_links:view'] });
      expect(statuses(await useKey(old.key))).toEqual([[200, null], [200, null]]);
      const rotated = expectStatus(await stack.api(`/v1/api-keys/${old.id}/rotate`, { key: tenant.api_key, body: { overlap_seconds: 0 } }), 201, 'rotate').body;
      const refused = await eventually(async () => {
        const s = statuses(await useKey(old.key));
        return s.every(([status]) => status === 401) ? s : null;
      }, INVALIDATION_MS, 50);
      expect(refused).toEqual([[401, 'unauthorized'], [401, 'unauthorized']]);
      expect(statuses(await useKey(rotated.key))).toEqual([[200, null], [200, null]]);
    });

    it('a key created with an expiry is refused once it passes (401 api_key_expired); bad expiries are 400', async () => {
      const short = await newKey({ name: 'temporary', scopes: ['magic_links:view'], expires_in_seconds: 2 });
      expect(Date.parse(short.expires_at ?? '') - Date.now()).toBeLessThanOrEqual(2000);
      expect(statuses(await useKey(short.key))).toEqual([[200, null], [200, null]]);
      await sleep(Date.parse(short.expires_at ?? '') - Date.now() + 100);
      expect(statuses(await useKey(short.key))).toEqual([[401, 'api_key_expired'], [401, 'api_key_expired']]);
      const at = new Date(Date.now() + 3_600_000).toISOString();
      expect((await newKey({ name: 'dated', scopes: ['users:read'], expires_at: at })).expires_at).toBe(at);

      const bad: Array<Record<string, unknown>> = [
        { expires_at: new Date(Date.now() - 1000).toISOString() },
        { expires_at: 'tomorrow' },
        { expires_in_seconds: 0 },
        { expires_in_seconds: 10, expires_at: at },
        { expires_at: new Date(Date.now() + 11 * 365 * 86_400_000).toISOString() },
      ];
      for (const extra of bad) {
        const res = await stack.api('/v1/api-keys', { key: tenant.api_key, body: { name: 'x', scopes: ['users:read'], ...extra } });
        expect([JSON.stringify(extra), res.status, res.body.error?.code]).toEqual([JSON.stringify(extra), 400, 'validation_failed']);
      }
      for (const body of [{ overlap_seconds: -1 }, { overlap_seconds: 7 * 86_400 + 1 }, { overlap_seconds: 'soon' }]) {
        const res = await stack.api(`/v1/api-keys/${adminKeyId}/rotate`, { key: tenant.api_key, body });
        expect([res.status, res.body.error?.code]).toEqual([400, 'validation_failed']);
      }
      const limited = await newKey({ name: 'limited', scopes: ['magic_links:view'] });
      const forbidden = await stack.api('/v1/api-keys', { key: limited.key });
      expect([forbidden.status, forbidden.body.error?.code]).toEqual([403, 'insufficient_scope']);
    });

    it('every key action is audited with the key that acted', async () => {
      const events = await auditOf('api_key.created,api_key.revoked,api_key.rotated');
      const types = events.map((e) => e.type);
      expect(types.filter((t) => t === 'api_key.created').length).toBeGreaterThanOrEqual(5);
      expect(types).toEqual(expect.arrayContaining(['api_key.revoked', 'api_key.rotated']));
      expect(events.filter((e) => e.type === 'api_key.rotated').map((e) => e.data.overlap_seconds).sort()).toEqual([0, 3]);
      for (const e of events) expect(e.actor.api_key_id).toBe(adminKeyId);
      expect(JSON.stringify(events)).not.toMatch(/sk_[A-Za-z0-9_-]{20,}/);
    });

    it('rotating the last admin key with overlap 0 keeps the tenant administrable through the new key', async () => {
      const other = await createTenant(stack, 'Rotating Co');
      const rotated = expectStatus(await stack.api(`/v1/api-keys/${other.id}/rotate`, { key: other.api_key, body: { overlap_seconds: 0 } }), 201, 'rotate').body;
      expect(rotated.scopes).toEqual(['admin']);
      const old = await stack.api('/v1/api-keys', { key: other.api_key });
      expect(old.status).toBe(401);
      const last = await stack.api(`/v1/api-keys/${rotated.id}`, { method: 'DELETE', key: rotated.key });
      expect([last.status, last.body.error?.code]).toEqual([409, 'last_admin_key']);
    });
  });

  describe('tenants (root key)', () => {
    let victim: Tenant;

    beforeAll(async () => {
      victim = await createTenant(stack, 'Victim Widgets');
    });

    const signInOnEveryReplica = async (label: string) =>
      statuses(await Promise.all(stack.gatewayUrls.map((url, i) =>
        apiRequest(url, `/v1/public/${victim.slug}/magic-links`, { body: { email: `${label}-${i}@example.com` } }))));
    const root = (path: string, opts: { method?: string; body?: unknown } = {}) => stack.api(path, { key: stack.rootKey, ...opts });

    it('lists with search, activity counts and cursor pages; gets one; refuses tenant keys', async () => {
      await createLink(stack, victim.api_key, { email: 'v@example.com', send: false });
      const found = expectStatus(await root('/v1/tenants?q=VICTIM'), 200, 'search').body;
      expect(found.data.map((t: { id: string }) => t.id)).toEqual([victim.id]);
      expect(found.data[0]).toMatchObject({
        slug: victim.slug, name: 'Victim Widgets', status: 'active', disabled_at: null, deleted_at: null,
        activity: { window_hours: 24, links_created: 1, links_consumed: 0, emails_sent: 0, emails_failed: 0, webhook_failures: 0 },
      });
      const first = expectStatus(await root('/v1/tenants?limit=2'), 200, 'page 1').body;
      expect(first.data).toHaveLength(2);
      const second = expectStatus(await root(`/v1/tenants?limit=2&cursor=${first.next_cursor}`), 200, 'page 2').body;
      const ids = [...first.data, ...second.data].map((t: { id: string }) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining([tenant.id, victim.id]));
      expect(expectStatus(await root(`/v1/tenants/${victim.id}`), 200, 'get').body.activity.links_created).toBe(1);
      expect((await root('/v1/tenants/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await root('/v1/tenants/nope')).status).toBe(400);
      expect((await root('/v1/tenants?limit=500')).status).toBe(400);
      expect((await stack.api('/v1/tenants', { key: tenant.api_key })).status).toBe(401);
      const spec = expectStatus(await stack.api('/docs/json'), 200, 'openapi').body;
      expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/api-keys', '/v1/api-keys/{id}', '/v1/api-keys/{id}/rotate', '/v1/tenants', '/v1/tenants/{id}']));
    });

    it('disabling refuses the tenant\'s keys, public sign-in and an existing link at once; enabling restores them', async () => {
      const link = await createLink(stack, victim.api_key, { email: 'link@example.com', send: false });
      const token = tokenOfUrl(link.url, stack.baseUrl);
      // Warm every cache on both replicas first, so that the refusals below are the invalidation's doing.
      expect(statuses(await useKey(victim.api_key))).toEqual([[200, null], [200, null]]);
      expect(await signInOnEveryReplica('warm')).toEqual([[202, null], [202, null]]);
      for (const url of stack.gatewayUrls) expect((await apiRequest(url, `/p/${victim.slug}/sign-in`)).status).toBe(200);

      const patched = expectStatus(await root(`/v1/tenants/${victim.id}`, { method: 'PATCH', body: { disabled: true, name: 'Victim Widgets Ltd' } }), 200, 'disable').body;
      expect(patched).toMatchObject({ status: 'disabled', name: 'Victim Widgets Ltd' });
      const refused = await eventually(async () => {
        const s = statuses(await useKey(victim.api_key));
        return s.every(([status]) => status === 403) ? s : null;
      }, INVALIDATION_MS, 50);
      expect(refused).toEqual([[403, 'tenant_disabled'], [403, 'tenant_disabled']]);
      expect(await signInOnEveryReplica('disabled')).toEqual([[403, 'tenant_disabled'], [403, 'tenant_disabled']]);
      for (const url of stack.gatewayUrls) {
        expect((await apiRequest(url, `/l/${token}`)).status).toBe(404);
        expect((await apiRequest(url, `/p/${victim.slug}/sign-in`)).status).not.toBe(200);
      }
      const auth = await stack.api('/v1/magic-links/authenticate', { key: victim.api_key, body: { token } });
      expect([auth.status, auth.body.error?.code]).toEqual([403, 'tenant_disabled']);
      const entrust = await stack.api(`/api/web/v1/users/${link.user_id}/magiclink`, { key: victim.api_key });
      expect([entrust.status, entrust.body.errorCode]).toEqual([403, 'tenant_disabled']); // Entrust's error shape

      expectStatus(await root(`/v1/tenants/${victim.id}`, { method: 'PATCH', body: { disabled: false } }), 200, 'enable');
      const restored = await eventually(async () => {
        const s = statuses(await useKey(victim.api_key));
        return s.every(([status]) => status === 200) ? s : null;
      }, INVALIDATION_MS, 50);
      expect(restored).toEqual([[200, null], [200, null]]);
      expect(await signInOnEveryReplica('restored')).toEqual([[202, null], [202, null]]);
      expect((await apiRequest(stack.gatewayUrls[1], `/l/${token}`)).status).toBe(200);
      const ok = await stack.api('/v1/magic-links/authenticate', { key: victim.api_key, body: { token } });
      expect(ok.status).toBe(200);

      const bad = await root(`/v1/tenants/${victim.id}`, { method: 'PATCH', body: { disabled: 'yes' } });
      expect([bad.status, bad.body.error?.code]).toEqual([400, 'validation_failed']);
    });

    it('DELETE refuses the tenant at once; the scheduler purges its data and the operator record of it stays', async () => {
      const doomed = await createTenant(stack, 'Doomed Inc');
      await createLink(stack, doomed.api_key, { email: 'd@example.com', send: false });
      const deleted = expectStatus(await root(`/v1/tenants/${doomed.id}`, { method: 'DELETE' }), 200, 'delete').body;
      expect(deleted).toMatchObject({ id: doomed.id, status: 'deleted' });
      const refused = await eventually(async () => {
        const s = statuses(await useKey(doomed.api_key));
        return s.every(([status]) => status !== 200) ? s : null;
      }, INVALIDATION_MS, 50);
      expect(refused?.every(([status, code]) => (status === 403 && code === 'tenant_disabled') || status === 401)).toBe(true);
      const undelete = await root(`/v1/tenants/${doomed.id}`, { method: 'PATCH', body: { disabled: false } });
      expect([undelete.status, undelete.body.error?.code]).toEqual([409, 'tenant_deleted']);

      // DELETED_TENANT_RETENTION_SECONDS is 2 here and the scheduler purges every second.
      const gone = await eventually(async () => (await root(`/v1/tenants/${doomed.id}`)).status === 404, 30_000, 250);
      expect(gone).toBe(true);
      const count = async (sql: string) => Number((await stack.db.pool.query(sql, [doomed.id])).rows[0].n);
      for (const table of ['api_keys', 'users', 'magic_links', 'audit_events']) {
        expect([table, await count(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`)]).toEqual([table, 0]);
      }
      const operator = await stack.db.pool.query(`SELECT action, data FROM operator_audit_events WHERE tenant_id = $1 ORDER BY id`, [doomed.id]);
      expect(operator.rows.map((r) => r.action)).toEqual(['tenant.created', 'tenant.deleted', 'tenant.purged']);
      expect(operator.rows[2].data).toMatchObject({ slug: doomed.slug, name: 'Doomed Inc' });
      const victimEvents = await stack.db.pool.query(`SELECT action FROM operator_audit_events WHERE tenant_id = $1 ORDER BY id`, [victim.id]);
      expect(victimEvents.rows.map((r) => r.action)).toEqual(['tenant.created', 'tenant.disabled', 'tenant.enabled']);
      // The other tenants are untouched.
      expect(statuses(await useKey(victim.api_key))).toEqual([[200, null], [200, null]]);
    });
  });
});
