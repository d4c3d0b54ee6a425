import { SesameError } from '@sesame/client';
import type { ApiResponse, Stack } from '@sesame/testing';

export const APP_ORIGIN = 'http://localhost:4000';
export const CALLBACK_URL = `${APP_ORIGIN}/auth/callback`;

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  api_key: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fails with the whole response when the status is not the expected one (jest shows the body). */
export function expectStatus<T>(res: ApiResponse<T>, status: number, what: string): ApiResponse<T> {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${typeof res.body === 'string' ? res.body.slice(0, 500) : JSON.stringify(res.body)}`);
  }
  return res;
}

/** The SesameError an SDK call failed with (fails the test when the call succeeded or threw something else). */
export async function sdkFailure(call: Promise<unknown>): Promise<SesameError> {
  const err = await call.then(() => new Error('expected the SDK call to fail'), (e: unknown) => e);
  if (!(err instanceof SesameError)) throw err;
  return err;
}

export async function createTenant(stack: Stack, name = `Acme ${Date.now()}`): Promise<Tenant> {
  const res = await stack.api<Tenant>('/v1/tenants', {
    key: stack.rootKey,
    body: { name, app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK_URL] },
  });
  return expectStatus(res, 201, 'POST /v1/tenants').body;
}

export async function createApiKey(stack: Stack, adminKey: string, scopes: string[], name = `key ${scopes.join(' ')}`): Promise<string> {
  const res = await stack.api<{ key: string }>('/v1/api-keys', { key: adminKey, body: { name, scopes } });
  return expectStatus(res, 201, 'POST /v1/api-keys').body.key;
}

export interface Link {
  id: string;
  type: string;
  user_id: string;
  identifier: string;
  status: string;
  redirect_url: string | null;
  expires_at: string;
  created_at: string;
  consumed_at: string | null;
  revoked_at: string | null;
  url?: string;
}

export async function createLink(stack: Stack, key: string, body: Record<string, unknown>): Promise<Link> {
  const res = await stack.api<Link>('/v1/magic-links', { key, body });
  return expectStatus(res, 201, 'POST /v1/magic-links').body;
}

/** Every `<baseUrl>/l/<43-char base64url token>` in a text, as tokens. */
export function linkTokens(text: string, baseUrl: string): string[] {
  const re = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/l/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`, 'g');
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** The token of a `url` returned by POST /v1/magic-links with send=false. */
export function tokenOfUrl(url: string | undefined, baseUrl: string): string {
  const [token] = linkTokens(url ?? '', baseUrl);
  if (!token || url !== `${baseUrl}/l/${token}`) throw new Error(`unexpected link url: ${url}`);
  return token;
}

export interface SendGridMail {
  personalizations: Array<{ to: Array<{ email: string }> }>;
  from: { email: string } | string;
  subject: string;
  content: Array<{ type: string; value: string }>;
}

/** The SendGrid v3 body of a request recorded by the fake, whether it kept it as text or JSON. */
export function mailOf(request: { body: unknown }): SendGridMail {
  return (typeof request.body === 'string' ? JSON.parse(request.body) : request.body) as SendGridMail;
}

export function mailPart(mail: SendGridMail, type: 'text/plain' | 'text/html'): string {
  const part = mail.content.find((c) => c.type === type);
  if (!part) throw new Error(`mail has no ${type} part: ${JSON.stringify(mail.content.map((c) => c.type))}`);
  return part.value;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Sums a Prometheus counter's samples whose labels include every given label. */
export function sumMetric(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes (then returns the last value). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!value && Date.now() < deadline) {
    await sleep(everyMs);
    value = await fn();
  }
  return value;
}
