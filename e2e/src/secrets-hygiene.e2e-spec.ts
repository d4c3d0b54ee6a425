import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { startStack, Stack } from '@sesame/testing';
import {
  CALLBACK_URL, createApiKey, createLink, createTenant, expectStatus, linkTokens, mailOf, mailPart, sleep, Tenant, tokenOfUrl,
} from './support/fixtures';
import { redisDump } from './support/redis-dump';
import { mailFor, requestStatus } from './support/sign-in';

jest.setTimeout(120_000);

const run = promisify(execFile);

/** Tokens, codes, keys and secrets never reach a log line or the database in the clear. */
describe('secrets hygiene', () => {
  let stack: Stack;
  let tenant: Tenant;
  const secrets: Record<string, string> = {};
  /** 6-digit fallback codes: searched as whole numbers (a bare substring would match timestamps). */
  const digitCodes: string[] = [];
  const digitLeaks = (text: string) => digitCodes.filter((c) => new RegExp(`(?<![0-9])${c}(?![0-9])`).test(text));
  let mailedLinkId = '';

  beforeAll(async () => {
    stack = await startStack({ label: 'secrets' });
    tenant = await createTenant(stack, `Secrets Tenant ${Date.now()}`);
    const appKey = await createApiKey(stack, tenant.api_key, ['magic_links:add', 'magic_links:view']);
    const ep = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['*'] } });
    const webhookSecret: string = expectStatus(ep, 201, 'POST /v1/webhook-endpoints').body.secret;

    const mailed = await createLink(stack, appKey, { email: 'carol@example.com', redirect_url: CALLBACK_URL, send: true });
    mailedLinkId = mailed.id;
    const [request] = await stack.sendgrid.waitFor(1, 15_000);
    const [mailedToken] = linkTokens(mailPart(mailOf(request), 'text/html'), stack.baseUrl);

    const handed = await createLink(stack, appKey, { email: 'dave@example.com', send: false, context_data: { k: 'v' } });
    const handedToken = tokenOfUrl(handed.url, stack.baseUrl);

    const confirm = await stack.api(`/l/${mailedToken}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(confirm.status).toBe(303);
    const code = new URL(confirm.headers.get('location') ?? '').searchParams.get('code') ?? '';
    expectStatus(await stack.api('/v1/magic-links/exchange', { key: appKey, body: { code } }), 200, 'exchange');
    expectStatus(await stack.api('/v1/magic-links/authenticate', { key: appKey, body: { token: handedToken } }), 200, 'authenticate');
    // Failed attempts log too: a refused token must not be echoed either.
    expect((await stack.api('/v1/magic-links/authenticate', { key: appKey, body: { token: handedToken } })).status).toBe(401);
    expect((await stack.api(`/l/${handedToken}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBeGreaterThanOrEqual(400);

    // Public sign-in: PKCE redirect code and verifier, the 6-digit codes (one wrong), the exchange
    // code they give, and the hosted request page's browser nonce.
    const verifier = randomBytes(32).toString('base64url');
    const pkce = await stack.api(`/v1/public/${tenant.slug}/magic-links`, {
      body: { email: 'erin@example.com', redirect_url: CALLBACK_URL, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' },
    });
    expectStatus(pkce, 202, 'public request (PKCE)');
    const erin = await mailFor(stack, 'erin@example.com');
    await requestStatus(stack, tenant.slug, pkce.body.request_id);
    const arrived = await stack.api(`/l/${erin.token}`);
    expect(arrived.status).toBe(303);
    const redirectCode = new URL(arrived.headers.get('location') ?? '').searchParams.get('code') ?? '';
    expect((await stack.api('/v1/magic-links/exchange', { key: appKey, body: { code: redirectCode } })).status).toBe(401);
    expectStatus(await stack.api('/v1/magic-links/exchange', { key: appKey, body: { code: redirectCode, code_verifier: verifier } }), 200, 'exchange (PKCE)');

    const plain = expectStatus(await stack.api(`/v1/public/${tenant.slug}/magic-links`, { body: { email: 'fred@example.com' } }), 202, 'public request');
    const fred = await mailFor(stack, 'fred@example.com');
    await requestStatus(stack, tenant.slug, plain.body.request_id);
    const wrongCode = String((Number(fred.code) + 1) % 1_000_000).padStart(6, '0');
    expect((await stack.api(`/v1/public/${tenant.slug}/magic-links/${plain.body.request_id}/code`, { body: { code: wrongCode } })).status).toBe(401);
    const coded = expectStatus(await stack.api(`/v1/public/${tenant.slug}/magic-links/${plain.body.request_id}/code`, { body: { code: fred.code } }), 200, 'code');
    expectStatus(await stack.api('/v1/magic-links/exchange', { key: appKey, body: { code: coded.body.code } }), 200, 'exchange (code)');

    const page = await stack.api(`/p/${tenant.slug}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=gil%40example.com' });
    expect(page.status).toBe(303);
    const nonce = /__Host-sesame_signin=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const gil = await mailFor(stack, 'gil@example.com');
    digitCodes.push(erin.code, fred.code, wrongCode, gil.code);

    await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('magiclink.email.sent')), 15_000);
    await sleep(1500); // let every process finish logging the jobs these requests caused

    Object.assign(secrets, {
      mailedToken,
      handedToken,
      code,
      tenantKey: tenant.api_key,
      appKey,
      rootKey: stack.rootKey,
      webhookSecret,
      webhookSecretBody: webhookSecret.replace(/^whsec_/, ''),
      pepper: stack.env.TOKEN_PEPPER.split(':')[1],
      // The raw token bytes, as a bytea column would show them in a dump.
      mailedTokenHex: Buffer.from(mailedToken, 'base64url').toString('hex'),
      handedTokenHex: Buffer.from(handedToken, 'base64url').toString('hex'),
      erinToken: erin.token,
      fredToken: fred.token,
      gilToken: gil.token,
      redirectCode,
      redirectCodeBody: redirectCode.replace(/^rc_/, ''),
      codeVerifier: verifier,
      exchangeCodeFromCode: coded.body.code,
      browserNonce: nonce,
    });
    for (const [name, value] of Object.entries(secrets)) {
      if (!value || value.length < (name === 'code' ? 8 : 16)) throw new Error(`secret ${name} looks wrong: ${JSON.stringify(value)}`);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('writes no secret to any log line of any process', () => {
    const leaks: string[] = [];
    for (const proc of stack.processes) {
      for (const line of proc.lines) {
        for (const [name, value] of Object.entries(secrets)) {
          if (line.includes(value)) leaks.push(`${name} in ${proc.name}: ${line.slice(0, 300)}`);
        }
      }
    }
    for (const proc of stack.processes) {
      for (const line of proc.lines) leaks.push(...digitLeaks(line).map((c) => `6-digit code ${c} in ${proc.name}: ${line.slice(0, 300)}`));
    }
    expect(leaks).toEqual([]);
    // The logs are real: they cover the work these requests caused.
    expect(stack.logs().length).toBeGreaterThan(20);
    expect(stack.logs().some((l) => l.includes(tenant.id))).toBe(true);
  });

  it('keeps no secret in the clear in a pg_dump of the database', async () => {
    const { stdout: dump } = await run('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', stack.db.name], { maxBuffer: 256 * 1024 * 1024 });
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain('carol@example.com');
    expect(dump).toContain(mailedLinkId);
    const leaks = Object.entries(secrets).filter(([, value]) => dump.includes(value)).map(([name]) => name);
    expect(leaks).toEqual([]);
    expect(dump).toContain('link_requests');
    expect(digitLeaks(dump)).toEqual([]);
  });

  it('keeps no secret in Redis (RPC streams and replies, queues, caches)', async () => {
    const { keys, text } = await redisDump(stack.redisPrefix);
    expect(keys).toBeGreaterThan(0);
    expect(text).toContain('send-link'); // the mail job is there, so job data was searched
    const leaks = Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([name]) => name);
    expect(leaks).toEqual([]);
    expect(digitLeaks(text)).toEqual([]);
  });
});
