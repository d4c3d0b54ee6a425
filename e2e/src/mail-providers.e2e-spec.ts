import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '@sesame/testing';
import { createApiKey, createLink, createTenant, eventually, expectStatus, mailOf, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

interface Provider {
  channel: string;
  kind: string | null;
  settings: Record<string, unknown>;
  credentials_set: string[];
  source: 'tenant' | 'deployment';
  updated_at: string | null;
}

/**
 * A tenant's own transport, as an integrator configures it. The e2e stack's deployment default is
 * SendGrid (the fake, key `SG.test`); a tenant can move to the dev outbox or its own SendGrid key.
 */
describe('per-tenant mail providers', () => {
  let stack: Stack;
  let tenant: Tenant;
  let appKey: string;
  const tenantKey = `SG.tenant-${randomBytes(16).toString('hex')}`;
  const api = <T = unknown>(path: string, opts: { method?: string; body?: unknown } = {}) => stack.api<T>(path, { key: tenant.api_key, ...opts });
  const sendTo = async (email: string) => createLink(stack, appKey, { email, send: true });
  const sentTo = (email: string) => stack.sendgrid.requests.filter((r) => mailOf(r).personalizations[0].to[0].email === email);
  const inMailbox = async (email: string) =>
    expectStatus(await stack.api<Array<{ to: string; subject: string }>>('/dev/mailbox/messages.json'), 200, 'dev mailbox').body.filter((m) => m.to === email);

  beforeAll(async () => {
    stack = await startStack({ label: 'providers' });
    tenant = await createTenant(stack);
    appKey = await createApiKey(stack, tenant.api_key, ['magic_links:add', 'magic_links:view']);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('shows both channels on the deployment default before anything is configured', async () => {
    const list = expectStatus(await api<{ data: Provider[] }>('/v1/providers'), 200, 'GET /v1/providers').body;
    expect(list.data).toEqual([
      { channel: 'email', kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null },
      { channel: 'sms', kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null },
    ]);
    expect(expectStatus(await api('/v1/providers/fax'), 404, 'unknown channel').body).toMatchObject({ error: { code: 'not_found' } });
    expect(expectStatus(await stack.api('/v1/providers', { key: appKey }), 403, 'non-admin key').body).toMatchObject({ error: { code: 'insufficient_scope' } });
  });

  it('sends through the outbox for a tenant that chose it, while the deployment default is SendGrid', async () => {
    const before = `before-${Date.now()}@example.com`;
    await sendTo(before);
    await eventually(async () => sentTo(before).length > 0, 15_000);
    expect(sentTo(before)).toHaveLength(1);

    const put = expectStatus(await api<Provider>('/v1/providers/email', { method: 'PUT', body: { kind: 'outbox' } }), 200, 'PUT outbox').body;
    expect(put).toMatchObject({ channel: 'email', kind: 'outbox', settings: {}, credentials_set: [], source: 'tenant' });

    const email = `outbox-${Date.now()}@example.com`;
    await sendTo(email);
    const mails = await eventually(() => inMailbox(email).then((m) => (m.length ? m : null)), 15_000);
    expect(mails).toHaveLength(1);
    expect(sentTo(email)).toEqual([]);
  });

  it("sends with the tenant's own SendGrid key, which no answer, audit event or log shows", async () => {
    const put = expectStatus(await api<Provider>('/v1/providers/email', { method: 'PUT', body: { kind: 'sendgrid', credentials: { api_key: tenantKey } } }), 200, 'PUT sendgrid').body;
    expect(put).toMatchObject({ kind: 'sendgrid', credentials_set: ['api_key'], source: 'tenant' });

    const email = `own-key-${Date.now()}@example.com`;
    const link = await sendTo(email);
    await eventually(async () => sentTo(email).length > 0, 15_000);
    expect(sentTo(email).map((r) => r.headers.authorization)).toEqual([`Bearer ${tenantKey}`]);
    expect(await inMailbox(email)).toEqual([]);

    // The link's delivery history shows the send once the worker recorded it.
    const history = await eventually(async () => {
      const detail = expectStatus(await stack.api<{ deliveries: Array<Record<string, unknown>> }>(`/v1/magic-links/${link.id}`, { key: appKey }), 200, 'GET link').body;
      return detail.deliveries[0]?.status === 'sent' ? detail.deliveries : null;
    }, 15_000);
    expect(history).toEqual([expect.objectContaining({
      channel: 'email', to: email, status: 'sent', provider: 'sendgrid', provider_message_id: expect.any(String), attempts: 1, last_error: null, events: [],
    })]);

    const got = expectStatus(await api<Provider>('/v1/providers/email'), 200, 'GET email').body;
    expect(got).toEqual(put);
    const bodies = [
      JSON.stringify(got),
      JSON.stringify(expectStatus(await api('/v1/providers'), 200, 'GET list').body),
      JSON.stringify(expectStatus(await api('/v1/audit-events?type=provider.updated,provider.deleted&limit=100'), 200, 'GET audit').body),
    ];
    for (const body of bodies) expect(body).not.toContain(tenantKey);
    const audit = JSON.parse(bodies[2]) as { data: Array<{ type: string; data: Record<string, unknown> }> };
    expect(audit.data[0]).toMatchObject({ type: 'provider.updated', data: { channel: 'email', kind: 'sendgrid', previous_kind: 'outbox', credentials_set: ['api_key'] } });
    expect(stack.logs().filter((line) => line.includes(tenantKey))).toEqual([]);
  });

  it('refuses bad configurations with 400 validation_failed and details.issues', async () => {
    const refused = async (channel: string, body: unknown, issue: string) => {
      const res = expectStatus(await api<{ error: { code: string; details: { issues: string[] } } }>(`/v1/providers/${channel}`, { method: 'PUT', body }), 400, `PUT ${JSON.stringify(body)}`);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues).toEqual(expect.arrayContaining([expect.stringContaining(issue)]));
    };
    await refused('email', { kind: 'mailgun' }, 'kind must be one of outbox, sendgrid, smtp');
    await refused('email', { kind: 'smtp', settings: { port: 25 } }, 'settings.host is required');
    // The stored key belongs to sendgrid; a missing one for a new kind is named.
    await api('/v1/providers/sms', { method: 'DELETE' });
    await refused('sms', { kind: 'twilio', settings: { account_sid: 'nope', from: '+14155550100' }, credentials: { auth_token: 'tok' } }, 'settings.account_sid');
    await refused('sms', { kind: 'twilio', settings: { account_sid: `AC${'a1'.repeat(16)}`, from: '+14155550100' } }, 'credentials.auth_token is required');
    const missingKey = expectStatus(await api<{ error: { code: string } }>('/v1/providers/email', { method: 'PUT', body: { kind: 'sendgrid', credentials: {} } }), 400, 'sendgrid without key');
    expect(JSON.stringify(missingKey.body)).toContain('credentials.api_key is required');
    expect(expectStatus(await api('/v1/providers/email', { method: 'PUT', body: { kind: 'outbox', extra: 1 } }), 400, 'unknown field').body)
      .toMatchObject({ error: { code: 'validation_failed' } });
    expect(expectStatus(await api('/v1/providers/fax', { method: 'PUT', body: { kind: 'outbox' } }), 404, 'PUT unknown channel').body)
      .toMatchObject({ error: { code: 'not_found' } });
    // Nothing refused replaced the stored provider, and a settings-only PUT keeps the key.
    expect(expectStatus(await api<Provider>('/v1/providers/email'), 200, 'GET email').body).toMatchObject({ kind: 'sendgrid', credentials_set: ['api_key'] });
    expect(expectStatus(await api<Provider>('/v1/providers/email', { method: 'PUT', body: { kind: 'sendgrid' } }), 200, 'PUT same kind').body)
      .toMatchObject({ kind: 'sendgrid', credentials_set: ['api_key'] });
  });

  it('goes back to the deployment default on DELETE', async () => {
    expect((await api('/v1/providers/email', { method: 'DELETE' })).status).toBe(204);
    expect(expectStatus(await api<Provider>('/v1/providers/email'), 200, 'GET email').body).toMatchObject({ source: 'deployment', kind: null });
    const email = `default-again-${Date.now()}@example.com`;
    await sendTo(email);
    await eventually(async () => sentTo(email).length > 0, 15_000);
    expect(sentTo(email).map((r) => r.headers.authorization)).toEqual(['Bearer SG.test']);
  });
});
