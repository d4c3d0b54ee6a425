import { HttpClient } from './http-client';
import { ApiKeys } from './resources/api-keys';
import { Applications, AuthFlows } from './resources/applications';
import { AuditEvents } from './resources/audit-events';
import { MagicLinks } from './resources/magic-links';
import { PasswordResets } from './resources/password-resets';
import { PolicyResource } from './resources/policy';
import { Providers } from './resources/providers';
import { Registrations } from './resources/registrations';
import { Templates } from './resources/templates';
import { Tenants } from './resources/tenants';
import { Users } from './resources/users';
import { WebhookEndpoints } from './resources/webhook-endpoints';

export interface SesameOptions {
  /** A tenant API key (`sk_…`), or the operator's root key for `tenants`. */
  apiKey: string;
  /** The gateway's origin, e.g. `https://auth.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Per attempt, in ms; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (network errors, 429, 503); default 2, 0 turns them off. */
  maxRetries?: number;
  /** The longest wait before a retry; a longer `Retry-After` is thrown to the caller instead. Default 60 000 ms. */
  maxRetryDelayMs?: number;
  /** A fetch implementation (default: the global one, Node 20+). */
  fetch?: typeof fetch;
}

/**
 * The Sesame API from TypeScript:
 *
 * ```ts
 * const sesame = new Sesame({ apiKey: process.env.SESAME_API_KEY!, baseUrl: 'https://auth.example.com' });
 * await sesame.magicLinks.create({ email: 'ada@example.com', redirect_url: '/auth/callback' });
 * ```
 */
export class Sesame {
  readonly magicLinks: MagicLinks;
  readonly users: Users;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly policy: PolicyResource;
  readonly templates: Templates;
  readonly auditEvents: AuditEvents;
  readonly apiKeys: ApiKeys;
  readonly applications: Applications;
  readonly authFlows: AuthFlows;
  readonly passwordResets: PasswordResets;
  readonly providers: Providers;
  readonly registrations: Registrations;
  /** Operator routes: only with the root key. */
  readonly tenants: Tenants;

  constructor(options: SesameOptions) {
    if (!options?.apiKey) throw new TypeError('Sesame: apiKey is required');
    if (!options.baseUrl || !/^https?:\/\//.test(options.baseUrl)) throw new TypeError('Sesame: baseUrl must be an http(s) URL');
    const http = new HttpClient({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      fetch: options.fetch ?? globalThis.fetch,
    });
    this.magicLinks = new MagicLinks(http);
    this.users = new Users(http);
    this.webhookEndpoints = new WebhookEndpoints(http);
    this.policy = new PolicyResource(http);
    this.templates = new Templates(http);
    this.auditEvents = new AuditEvents(http);
    this.apiKeys = new ApiKeys(http);
    this.applications = new Applications(http);
    this.authFlows = new AuthFlows(http);
    this.passwordResets = new PasswordResets(http);
    this.providers = new Providers(http);
    this.registrations = new Registrations(http);
    this.tenants = new Tenants(http);
  }
}
