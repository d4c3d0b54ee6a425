import { randomBytes } from 'node:crypto';

/** The resources a valid request names: created once by the suite, before the fuzzing starts. */
export interface Fixtures {
  tenantId: string;
  slug: string;
  userId: string;
  linkId: string;
  /** A login link's token (`/l/{token}`) and a password_reset link's (`/l/{token}/password`). */
  token: string;
  resetToken: string;
  endpointId: string;
  deliveryId: string;
  applicationId: string;
  applicationName: string;
  authFlowId: string;
  requestId: string;
  /** Another tenant, for the operator's tenant routes (the suite's own tenant must stay enabled). */
  otherTenantId: string;
  /** A key of the suite's tenant that no request authenticates with, for the key routes. */
  apiKeyId: string;
  /** A console user (viewer) of the suite's tenant. */
  consoleUserId: string;
  /**
   * Resources of their own for the operations that delete or use them up, so the others keep
   * finding theirs for the whole run.
   */
  spare: {
    userId: string; linkId: string; endpointId: string; applicationId: string; token: string; resetToken: string; otherTenantId: string; apiKeyId: string;
  };
}

export const APP_ORIGIN = 'https://app.example.com';
export const CALLBACK = `${APP_ORIGIN}/cb`;
const token = () => randomBytes(32).toString('base64url');
const PASSWORD = 'correct horse battery staple';

export interface Example {
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * A valid request per operation, where the OpenAPI schema alone cannot make one (formats such as
 * emails and URLs, ids of real resources, values that must agree with the tenant's policy).
 * Operations not listed get a body derived from their request schema.
 */
export function examples(f: Fixtures): Record<string, Example> {
  const registration = { email_address: 'fuzz-reg@example.com', registration_redirect_url: CALLBACK, action_name: 'Register', context_data: { plan: 'pro' } };
  return {
    'POST /v1/tenants': { body: { name: 'Fuzz Co', app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK] } },
    'GET /v1/tenants': { query: { q: 'other', limit: '10' } },
    'PATCH /v1/tenants/{id}': { body: { name: 'Other Co', disabled: false } },
    'POST /v1/api-keys': { body: { name: 'fuzz', scopes: ['magic_links:view'], expires_in_seconds: 3600 } },
    'GET /v1/api-keys': { query: { limit: '10' } },
    'POST /v1/console-users': { body: { email: 'fuzz-console@example.com', role: 'viewer' } },
    'GET /v1/console-users': { query: { q: 'fixture', limit: '10' } },
    'PATCH /v1/console-users/{id}': { body: { role: 'viewer', disabled: false } },
    'POST /v1/tenants/{id}/console-users': { body: { email: 'fuzz-operator@example.com', role: 'admin' } },
    'GET /v1/stats/overview': { query: { window: '7d' } },
    'POST /v1/api-keys/{id}/rotate': { body: { overlap_seconds: 3600 } },
    'GET /v1/policy/branding/preview': { query: { page: 'confirm', language: 'es', primary_color: '#1d4ed8' } },
    'POST /v1/magic-links': {
      body: { email: 'fuzz@example.com', send: false, type: 'login', ttl_seconds: 600, redirect_url: CALLBACK, language: 'en', context_data: { plan: 'pro' } },
    },
    'GET /v1/magic-links': { query: { status: 'active', limit: '10', user_id: f.userId } },
    'POST /v1/magic-links/authenticate': { body: { token: token(), ip_address: '203.0.113.9', user_agent: 'fuzz' } },
    'POST /v1/magic-links/exchange': { body: { code: token() } },
    'PATCH /v1/policy': { body: { links: { login: { ttl_seconds: 600 } }, app: { default_language: 'en' } } },
    'POST /v1/users': { body: { email: 'fuzz-user@example.com', status: 'active', attributes: { department: 'sales' } } },
    'GET /v1/users': { query: { email: 'fuzz-user@example.com', status: 'active', limit: '10' } },
    'PATCH /v1/users/{id}': { body: { attributes: { department: 'ops' }, status: 'active' } },
    'GET /v1/audit-events': { query: { type: 'magiclink.created', since: '2020-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z', limit: '10' } },
    'POST /v1/webhook-endpoints': { body: { url: 'http://127.0.0.1:9/hook', events: ['*'], description: 'fuzz' } },
    'GET /v1/webhook-endpoints': { query: { limit: '10' } },
    'PATCH /v1/webhook-endpoints/{id}': { body: { description: 'fuzz', events: ['magiclink.consumed'] } },
    'GET /v1/webhook-endpoints/{id}/deliveries': { query: { limit: '10', status: 'failed' } },
    'PUT /api/web/v1/users/{userid}/magiclink': { body: { autoSend: false, type: 'AUTHENTICATION', redirectUrl: CALLBACK } },
    'POST /v1/public/{tenant_slug}/magic-links': { body: { email: 'fuzz-public@example.com', redirect_url: CALLBACK } },
    'POST /v1/public/{tenant_slug}/magic-links/{request_id}/code': { body: { code: '123456' } },
    'GET /v1/rate-limits': { query: { email: 'fuzz@example.com', ip: '203.0.113.9' } },
    'POST /v1/applications': { body: { name: 'fuzz app', auth_flow: 'magic_link', enabled: true } },
    'PATCH /v1/applications/{id}': { body: { enabled: true, name: f.applicationName } },
    'POST /v1/auth-flows': { body: { application: f.applicationName, email: 'fuzz-flow@example.com', language: 'en' } },
    'PUT /v1/users/{id}/password': { body: { password: PASSWORD } },
    'POST /v1/password-resets/exchange': { body: { token: token() } },
    'POST /v1/password-resets/complete': { body: { reset_grant: token(), password: PASSWORD } },
    'GET /v1/admin/retention': { query: { purge: 'expired-links', outcome: 'completed', limit: '10' } },
    'POST /v1/registrations': { body: { ...registration, timeout_in_seconds: 300 } },
    'POST /v1/registrations/validate': { body: { registration_validation_token: token() } },
    'POST /compat/autharmor/v3/users/magiclink_email/register/start': { body: registration },
    'POST /compat/autharmor/v3/users/{user_id}/magiclink_email/register/start': { body: registration },
    'POST /compat/autharmor/v3/users/register/magiclink_email/validate': { body: { registration_validation_token: token() } },
    'POST /compat/passage/v1/apps/{app_id}/magic-links': { body: { email: 'fuzz-passage@example.com', send: false, type: 'login', ttl: 10, redirect_url: '/cb' } },
    'PUT /v1/providers/{channel}': { body: { kind: 'outbox', settings: {} } },
    'POST /v1/providers/sendgrid/events': {
      query: { tenant: f.tenantId },
      headers: { 'x-twilio-email-event-webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'x-twilio-email-event-webhook-signature': randomBytes(64).toString('base64') },
      body: [{ email: 'fuzz@example.com', event: 'delivered', sg_message_id: 'x.filter0001', timestamp: 1700000000 }],
    },
    'PUT /v1/templates/{type}/{language}': { body: { subject: 'Sign in to {{app_name}}', html: '<p><a href="{{link}}">Sign in</a></p>', text: 'Sign in: {{link}}' } },
    'POST /v1/templates/{type}/{language}/preview': { body: { action_name: 'Sign in', short_message: 'Hello' } },
    'POST /v1/templates/{type}/{language}/test-send': { body: { to: 'fuzz-test@example.com' } },
    // Hosted pages: HTML forms, not in the OpenAPI document.
    'GET /p/{tenant_slug}/sign-in': { query: { redirect_url: CALLBACK } },
    'POST /p/{tenant_slug}/sign-in': { body: { email: 'fuzz-page@example.com', redirect_url: CALLBACK } },
    'GET /p/{tenant_slug}/sign-in/{request_id}': { query: { m: 'ABC-DEF' } },
    'POST /p/{tenant_slug}/sign-in/{request_id}/code': { body: { code: '123456' } },
    'POST /p/{tenant_slug}/sign-in/{request_id}/resend': { body: {} },
    'POST /p/{tenant_slug}/forgot-password': { body: { email: 'fuzz-page@example.com' } },
    'POST /p/{tenant_slug}/verify-email': { body: { email: 'fuzz-page@example.com' } },
    'GET /p/{tenant_slug}/sign-up': { query: { redirect_url: CALLBACK, 'context_data[plan]': 'pro' } },
    'POST /p/{tenant_slug}/sign-up': { body: { email: 'fuzz-signup@example.com', redirect_url: CALLBACK, 'context_data[plan]': 'pro' } },
    'POST /p/{tenant_slug}/apps/{application_id}/sign-in': { body: { email: 'fixture-flow@example.com', password: PASSWORD } },
    'POST /p/{tenant_slug}/apps/{application_id}/sign-in/second-factor': { body: { factor: 'magic_link' } },
    'POST /l/{token}': { body: { confirm: '1' } },
    'POST /l/{token}/password': { body: { password: PASSWORD, password_confirm: PASSWORD } },
  };
}

/** The value of a path parameter in a valid request (`method` picks the spare resources for DELETE and hosted-page POSTs). */
export function pathValue(method: string, path: string, name: string, fixtures: Fixtures): string {
  const usesUp = method === 'DELETE' || (method === 'POST' && path.startsWith('/l/'));
  const f = usesUp ? { ...fixtures, ...fixtures.spare } : fixtures;
  const byName: Record<string, string> = {
    tenant_slug: f.slug, request_id: f.requestId, type: 'login', language: 'en', channel: 'email',
    app_id: f.tenantId, userid: f.userId, user_id: f.userId, deliveryId: f.deliveryId, application_id: f.applicationId,
    token: path.endsWith('/password') ? f.resetToken : f.token,
  };
  if (byName[name] !== undefined) return byName[name];
  const byCollection: Array<[string, string]> = [
    ['/v1/magic-links/', f.linkId], ['/v1/users/', f.userId], ['/v1/webhook-endpoints/', f.endpointId],
    ['/v1/applications/', f.applicationId], ['/v1/auth-flows/', f.authFlowId], ['/v1/tenants/', f.otherTenantId], ['/v1/api-keys/', f.apiKeyId],
    ['/v1/console-users/', f.consoleUserId],
  ];
  const hit = byCollection.find(([prefix]) => path.startsWith(prefix));
  if (!hit) throw new Error(`no fixture for {${name}} in ${path}: add it to pathValue`);
  return hit[1];
}
