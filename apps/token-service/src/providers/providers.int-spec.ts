import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sealer } from '@sesame/crypto';
import type { Actor } from '@sesame/messaging';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { MailProviderService } from './mail-provider.service';

const PEPPER = 'k1:' + 'p'.repeat(40);
const SID = `AC${'0123456789abcdef'.repeat(2)}`;

describe('tenant transports (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let providers: MailProviderService;
  let tenantId: string;
  const actor: Actor = { apiKeyId: null, ip: '198.51.100.9', userAgent: 'jest' };
  const put = (channel: string, body: { kind: unknown; settings?: unknown; credentials?: unknown }, tenant = tenantId) =>
    providers.put({ tenantId: tenant, channel, actor, ...body });
  const stored = async (channel: string, tenant = tenantId) =>
    (await ds.query(`SELECT kind, settings, sealed_credentials FROM mail_providers WHERE tenant_id = $1 AND channel = $2`, [tenant, channel]))[0];
  const auditOf = async (tenant = tenantId) =>
    ds.query(`SELECT action, data FROM audit_events WHERE tenant_id = $1 AND action LIKE 'provider.%' ORDER BY id`, [tenant]);
  const newTenant = async () =>
    (await app.get(TenantService).create({ requestId: randomUUID(), name: `Prov ${randomUUID().slice(0, 6)}`, appOrigin: 'https://app.example.com' })).id;

  beforeAll(async () => {
    ctx = await startTokenServiceContext('providers', { TOKEN_PEPPER: PEPPER });
    ({ app, ds } = ctx);
    providers = app.get(MailProviderService);
  }, 30_000);

  beforeEach(async () => {
    tenantId = await newTenant();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('lists both channels on the deployment default until a tenant configures one', async () => {
    expect((await providers.list({ tenantId })).data).toEqual([
      { channel: 'email', kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null },
      { channel: 'sms', kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null },
    ]);
  });

  it('seals credentials as JSON (the way the mail-worker opens them) and shows only their names', async () => {
    const key = `SG.${randomUUID()}`;
    const view = await put('email', { kind: 'sendgrid', credentials: { api_key: key } });
    expect(view).toMatchObject({ channel: 'email', kind: 'sendgrid', settings: {}, credentials_set: ['api_key'], source: 'tenant' });
    expect(JSON.stringify(view)).not.toContain(key);
    const row = await stored('email');
    expect(row.sealed_credentials.toString('latin1')).not.toContain(key);
    expect(JSON.parse(new Sealer([PEPPER]).open(row.sealed_credentials))).toEqual({ api_key: key });
    expect(JSON.stringify(await providers.list({ tenantId }))).not.toContain(key);
    expect(await providers.get({ tenantId, channel: 'email' })).toEqual(view);
    expect(JSON.stringify(await auditOf())).not.toContain(key);
  });

  it('keeps the stored credentials when the kind stays and none are sent, and audits changed setting names', async () => {
    await put('email', { kind: 'smtp', settings: { host: 'smtp.acme.test', port: 587, username: 'mailer' }, credentials: { password: 'hunter2-secret' } });
    const view = await put('email', { kind: 'smtp', settings: { host: 'smtp2.acme.test', port: 587, secure: true } });
    expect(view).toMatchObject({ kind: 'smtp', settings: { host: 'smtp2.acme.test', port: 587, secure: true }, credentials_set: ['password'] });
    expect(JSON.parse(new Sealer([PEPPER]).open((await stored('email')).sealed_credentials))).toEqual({ password: 'hunter2-secret' });
    const events = await auditOf();
    expect(events.map((e: { action: string }) => e.action)).toEqual(['provider.updated', 'provider.updated']);
    expect(events[1].data).toEqual({
      channel: 'email', kind: 'smtp', previous_kind: 'smtp', changed_settings: ['host', 'secure', 'username'], credentials_set: ['password'], credentials_replaced: false,
    });
    expect(JSON.stringify(events)).not.toContain('hunter2');

    // Empty credentials clear them; a new kind never inherits the old kind's secrets.
    expect((await put('email', { kind: 'smtp', settings: { host: 'h', port: 25 }, credentials: {} })).credentials_set).toEqual([]);
    expect((await stored('email')).sealed_credentials).toBeNull();
    await put('email', { kind: 'sendgrid', credentials: { api_key: 'SG.one' } });
    await expect(put('email', { kind: 'smtp', settings: { host: 'h', port: 25 } })).resolves.toMatchObject({ credentials_set: [] });
  });

  it('asks for the credentials again when the kind changes', async () => {
    await put('sms', { kind: 'twilio', settings: { account_sid: SID, from: '+14155550100' }, credentials: { auth_token: 'tok-secret' } });
    await expect(put('sms', { kind: 'twilio', settings: { account_sid: SID, from: '+14155550199' } })).resolves.toMatchObject({ credentials_set: ['auth_token'] });
    await put('sms', { kind: 'outbox' });
    await expect(put('sms', { kind: 'twilio', settings: { account_sid: SID, from: '+14155550100' } }))
      .rejects.toMatchObject({ code: 'validation_failed', details: { issues: ['credentials.auth_token is required'] } });
  });

  it('refuses bad input with validation_failed and every issue, leaving the stored provider alone', async () => {
    await put('email', { kind: 'sendgrid', credentials: { api_key: 'SG.keep' } });
    await expect(put('email', { kind: 'fax' })).rejects.toMatchObject({ code: 'validation_failed', details: { issues: ['kind must be one of outbox, sendgrid, smtp for email'] } });
    await expect(put('email', { kind: 'sendgrid', credentials: {} })).rejects.toMatchObject({ code: 'validation_failed', details: { issues: ['credentials.api_key is required'] } });
    await expect(put('sms', { kind: 'twilio', settings: { account_sid: 'nope', from: '+14155550100' }, credentials: { auth_token: 't' } }))
      .rejects.toMatchObject({ code: 'validation_failed', details: { issues: [expect.stringContaining('account_sid')] } });
    await expect(put('fax', { kind: 'outbox' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(providers.get({ tenantId, channel: 'fax' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await stored('email')).toMatchObject({ kind: 'sendgrid' });
    expect(await stored('sms')).toBeUndefined();
  });

  it('goes back to the deployment default on delete, idempotently, with an audit event', async () => {
    await put('email', { kind: 'outbox' });
    await providers.delete({ tenantId, channel: 'email', actor });
    await providers.delete({ tenantId, channel: 'email', actor });
    expect(await providers.get({ tenantId, channel: 'email' })).toMatchObject({ source: 'deployment', kind: null });
    expect((await auditOf()).map((e: { action: string; data: unknown }) => [e.action, e.data])).toEqual([
      ['provider.updated', expect.objectContaining({ kind: 'outbox' })],
      ['provider.deleted', { channel: 'email', kind: 'outbox' }],
    ]);
  });

  it('keeps tenants apart', async () => {
    const other = await newTenant();
    await put('email', { kind: 'sendgrid', credentials: { api_key: 'SG.mine' } });
    await put('email', { kind: 'outbox' }, other);
    expect(await providers.get({ tenantId, channel: 'email' })).toMatchObject({ kind: 'sendgrid', credentials_set: ['api_key'] });
    expect(await providers.get({ tenantId: other, channel: 'email' })).toMatchObject({ kind: 'outbox', credentials_set: [] });
    // The other tenant's same-kind PUT cannot pick up this tenant's key.
    await expect(put('email', { kind: 'sendgrid' }, other)).rejects.toMatchObject({ code: 'validation_failed' });
    await providers.delete({ tenantId: other, channel: 'email', actor });
    expect(await providers.get({ tenantId, channel: 'email' })).toMatchObject({ source: 'tenant', kind: 'sendgrid' });
    expect(await auditOf(other)).toHaveLength(2);
  });

  it('moves updated_at on every change, so the mail-worker rebuilds the transport', async () => {
    const a = await put('email', { kind: 'outbox' });
    const b = await put('email', { kind: 'outbox' });
    expect(Date.parse(b.updated_at ?? '')).toBeGreaterThan(Date.parse(a.updated_at ?? ''));
  });
});
