import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, CreateLinkRequest } from '@sesame/messaging';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { LinkService } from './link.service';

const ACTOR: Actor = { apiKeyId: null, ip: '192.0.2.1', userAgent: 'jest' };

describe('link request delivery fields: language, channel, phone, action_name, short_message (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let links: LinkService;
  let tenantId: string;

  const link = (over: Partial<CreateLinkRequest> = {}) =>
    links.create({ requestId: randomUUID(), tenantId, actor: ACTOR, email: `u-${randomUUID()}@example.com`, type: 'login', send: true, ...over });
  const row = async (id: string) =>
    (await ds.query(
      `SELECT l.language, l.channel, l.phone, l.action_name, l.short_message, d.channel AS d_channel, d.to_address
       FROM magic_links l LEFT JOIN mail_deliveries d ON d.link_id = l.id WHERE l.id = $1`,
      [id],
    ))[0];
  const phone = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

  beforeAll(async () => {
    ctx = await startTokenServiceContext('linkfields', { OUTBOX_POLL_MS: '200' });
    ({ app, ds } = ctx);
    links = app.get(LinkService);
    tenantId = (await app.get(TenantService).create({ requestId: randomUUID(), name: 'Fields', appOrigin: 'https://app.example.com' })).id;
  }, 30_000);

  afterAll(async () => {
    await ctx?.close();
  });

  it('stores a supported language (regional tags by their language) and drops an unsupported one', async () => {
    expect((await row((await link({ language: 'pt-BR' })).id)).language).toBe('pt');
    expect((await row((await link({ language: 'DE' })).id)).language).toBe('de');
    expect((await row((await link({ language: 'it' })).id)).language).toBeNull();
  });

  it('stores action_name and short_message trimmed, refusing an over-long one', async () => {
    const l = await link({ actionName: '  Register ', shortMessage: 'Welcome aboard' });
    expect(await row(l.id)).toMatchObject({ action_name: 'Register', short_message: 'Welcome aboard', channel: 'email', d_channel: 'email' });
    expect((await row((await link({ actionName: '   ' })).id)).action_name).toBeNull();
    await expect(link({ shortMessage: 'x'.repeat(501) })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('sends an sms link to the request phone, recorded on the link and its delivery', async () => {
    const p = phone();
    const l = await link({ channel: 'sms', phone: p });
    expect(await row(l.id)).toMatchObject({ channel: 'sms', phone: p, d_channel: 'sms', to_address: p });
  });

  it('uses the user phone for sms, finds a user by phone alone, and explains when there is none', async () => {
    const email = `p-${randomUUID()}@example.com`;
    const first = await link({ email, send: false });
    const p = phone();
    await ds.query(`UPDATE users SET phone = $1 WHERE id = $2`, [p, first.user_id]);
    const bySms = await link({ email, channel: 'sms' });
    expect(await row(bySms.id)).toMatchObject({ to_address: p, d_channel: 'sms' });
    const byPhone = await link({ email: undefined, phone: p });
    expect(byPhone.user_id).toBe(first.user_id);
    expect(await row(byPhone.id)).toMatchObject({ to_address: email, d_channel: 'email' });

    await expect(link({ channel: 'sms' })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('no phone') });
    await expect(link({ email: undefined, phone: phone() })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('by sms') });
    expect(await ds.query(`SELECT 1 FROM users WHERE tenant_id = $1 AND email IS NULL AND phone IS NOT NULL`, [tenantId])).toEqual([]);
    await expect(link({ phone: 'not-a-phone' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  // Passage: "If the user does not exist, they will be created before returning the magic link."
  it('creates an unknown user from a phone alone (sms, or nothing sent), without an email', async () => {
    const p = phone();
    const texted = await link({ email: undefined, phone: p, channel: 'sms' });
    expect(texted.identifier).toBe(p);
    expect(await row(texted.id)).toMatchObject({ to_address: p, d_channel: 'sms' });
    const [user] = await ds.query(`SELECT email, phone FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, texted.user_id]);
    expect(user).toEqual({ email: null, phone: p });
    const again = await link({ email: undefined, phone: p, send: false });
    expect(again.user_id).toBe(texted.user_id);
    await expect(link({ email: undefined, userId: texted.user_id })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('no email') });
    const quiet = await link({ email: undefined, phone: phone(), send: false });
    expect(quiet.identifier).toMatch(/^\+1415/);
    await expect(link({ channel: 'fax' as never })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
