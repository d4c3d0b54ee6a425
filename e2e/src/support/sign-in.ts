import type { ApiResponse, Stack } from '@sesame/testing';
import { eventually, expectStatus, linkTokens, mailOf, mailPart, Tenant } from './fixtures';

/** The mail the fake SendGrid got for `email` (the latest), with its link token and 6-digit code. */
export async function mailFor(stack: Stack, email: string, nth = 1): Promise<{ token: string; code: string; text: string; html: string }> {
  const found = await eventually(async () => {
    const mails = stack.sendgrid.requests.map((r) => mailOf(r)).filter((m) => m.personalizations[0].to[0].email === email);
    return mails.length >= nth ? mails[nth - 1] : null;
  }, 15_000, 100);
  if (!found) throw new Error(`no mail #${nth} for ${email}`);
  const text = mailPart(found, 'text/plain');
  const html = mailPart(found, 'text/html');
  const [token] = linkTokens(text, stack.baseUrl);
  const code = /code[^0-9]*([0-9]{6})/.exec(text)?.[1] ?? '';
  return { token, code, text, html };
}

export async function patchPolicy(stack: Stack, tenant: Tenant, patch: Record<string, unknown>): Promise<void> {
  expectStatus(await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: patch }), 200, 'PATCH /v1/policy');
}

/** POST /v1/public/{slug}/magic-links from a given client IP (the e2e gateway trusts loopback proxies). */
export function requestLink(stack: Stack, slug: string, body: Record<string, unknown>, ip = '198.51.100.1', headers: Record<string, string> = {}): Promise<ApiResponse> {
  return stack.api(`/v1/public/${slug}/magic-links`, { body, headers: { 'x-forwarded-for': ip, ...headers } });
}

/** Waits until token-service stored the request (the 202 does not wait for it). */
export async function requestStatus(stack: Stack, slug: string, requestId: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  let res = await stack.api(`/v1/public/${slug}/magic-links/${requestId}`, { headers });
  for (let i = 0; i < 100 && res.status === 404; i++) {
    await new Promise((r) => setTimeout(r, 50));
    res = await stack.api(`/v1/public/${slug}/magic-links/${requestId}`, { headers });
  }
  return res;
}
