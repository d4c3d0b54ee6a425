import { SesameError } from '../errors';
import { applyPolicyPatch, defaultPolicy, resolvePolicy, TenantPolicy } from './policy';
import { redirectPolicyFor } from './redirect.section';
import { effectiveRetentionDays } from './retention.section';

const ctx = { tenantName: 'Acme', appOrigin: 'https://app.acme.test' };

function issuesOf(patch: unknown, current: TenantPolicy = defaultPolicy(ctx)): { path: string; message: string }[] {
  try {
    applyPolicyPatch(current, patch, ctx);
  } catch (err) {
    expect(err).toBeInstanceOf(SesameError);
    expect((err as SesameError).code).toBe('validation_failed');
    return (err as SesameError).details!.issues as { path: string; message: string }[];
  }
  throw new Error('expected the patch to be refused');
}

describe('tenant policy', () => {
  it('has defaults for every section', () => {
    const p = defaultPolicy(ctx);
    expect(p.links.login).toEqual({ enabled: true, ttl_seconds: 600 });
    expect(p.links.registration.ttl_seconds).toBe(300);
    expect(p.links.password_reset.ttl_seconds).toBe(900);
    expect(p.links.verify_email.ttl_seconds).toBe(86400);
    expect(p.redirect).toEqual({ enabled: false, allowed_urls: [], custom_ports: 'refuse_on_entrust' });
    expect(p.app).toEqual({ name: 'Acme', origin: 'https://app.acme.test', sender_address: null, default_language: 'en' });
    expect(p.users).toEqual({ auto_send_registration: false, email_attribute: 'email', unknown_email: 'create', self_registration: false });
    expect(p.passwords).toEqual({ reset_mode: 'hosted_page', self_service_reset: true });
    expect(p.retention).toEqual({ used_links_days: 30 });
  });

  it('takes a used-link retention from 0 to 400 days', () => {
    expect(applyPolicyPatch(defaultPolicy(ctx), { retention: { used_links_days: 0 } }, ctx).retention.used_links_days).toBe(0);
    expect(applyPolicyPatch(defaultPolicy(ctx), { retention: { used_links_days: 400 } }, ctx).retention.used_links_days).toBe(400);
  });

  it('holds a tenant retention between the deployment floor and ceiling', () => {
    expect(effectiveRetentionDays(30, 0, 400)).toBe(30);
    expect(effectiveRetentionDays(0, 7, 400)).toBe(7);
    expect(effectiveRetentionDays(400, 0, 90)).toBe(90);
    expect(effectiveRetentionDays(30, 60, 10)).toBe(10);
  });

  it('merges a patch field by field and leaves the rest', () => {
    const p = applyPolicyPatch(defaultPolicy(ctx), { links: { login: { ttl_seconds: 120 } }, app: { default_language: 'pt-BR' } }, ctx);
    expect(p.links.login).toEqual({ enabled: true, ttl_seconds: 120 });
    expect(p.links.registration.ttl_seconds).toBe(300);
    expect(p.app.default_language).toBe('pt-BR');
    expect(p.app.name).toBe('Acme');
  });

  it('does not change the policy it was given', () => {
    const current = defaultPolicy(ctx);
    applyPolicyPatch(current, { redirect: { enabled: true, allowed_urls: ['HTTPS://App.Acme.test/cb'] } }, ctx);
    expect(current.redirect).toEqual({ enabled: false, allowed_urls: [], custom_ports: 'refuse_on_entrust' });
  });

  it('normalises allowed redirect URLs and replaces arrays whole', () => {
    const p = applyPolicyPatch(defaultPolicy(ctx), { redirect: { enabled: true, allowed_urls: ['HTTPS://App.Acme.test:443/cb'] } }, ctx);
    expect(p.redirect.allowed_urls).toEqual(['https://app.acme.test/cb']);
    const q = applyPolicyPatch(p, { redirect: { allowed_urls: ['https://app.acme.test/other'] } }, ctx);
    expect(q.redirect).toEqual({ enabled: true, allowed_urls: ['https://app.acme.test/other'], custom_ports: 'refuse_on_entrust' });
  });

  // Entrust guide: "Wildcards, custom paths, and custom ports are not permitted in the base URL."
  it('redirect.custom_ports: one of allow, refuse, refuse_on_entrust; "refuse" forbids list entries with a port', () => {
    const withPort = { enabled: true, allowed_urls: ['http://localhost:4000/cb'] };
    expect(applyPolicyPatch(defaultPolicy(ctx), { redirect: withPort }, ctx).redirect.custom_ports).toBe('refuse_on_entrust');
    expect(applyPolicyPatch(defaultPolicy(ctx), { redirect: { ...withPort, custom_ports: 'allow' } }, ctx).redirect.custom_ports).toBe('allow');
    expect(() => applyPolicyPatch(defaultPolicy(ctx), { redirect: { ...withPort, custom_ports: 'refuse' } }, ctx))
      .toThrow(expect.objectContaining({ details: { issues: [{ path: 'redirect.allowed_urls.0', message: expect.stringContaining('custom port') }] } }));
    expect(() => applyPolicyPatch(defaultPolicy(ctx), { redirect: { custom_ports: 'sometimes' } }, ctx))
      .toThrow(expect.objectContaining({ details: { issues: [{ path: 'redirect.custom_ports', message: expect.any(String) }] } }));
    const refuse = applyPolicyPatch(defaultPolicy(ctx), { redirect: { enabled: true, allowed_urls: ['https://app.acme.test/cb'], custom_ports: 'refuse' } }, ctx);
    expect(refuse.redirect.custom_ports).toBe('refuse');
  });

  it('redirectPolicyFor: refuse_on_entrust refuses ports only for the Entrust surface', () => {
    const p = defaultPolicy(ctx);
    expect(redirectPolicyFor(p, 'native').allowCustomPorts).toBe(true);
    expect(redirectPolicyFor(p, 'entrust').allowCustomPorts).toBe(false);
    const allow = { ...p, redirect: { ...p.redirect, custom_ports: 'allow' as const } };
    expect(redirectPolicyFor(allow, 'entrust').allowCustomPorts).toBe(true);
    const refuse = { ...p, redirect: { ...p.redirect, custom_ports: 'refuse' as const } };
    expect(redirectPolicyFor(refuse, 'native').allowCustomPorts).toBe(false);
  });

  it('resets a field to its default with null', () => {
    const p = applyPolicyPatch(defaultPolicy(ctx), { links: { login: { ttl_seconds: 120 } } }, ctx);
    expect(applyPolicyPatch(p, { links: { login: { ttl_seconds: null } } }, ctx).links.login.ttl_seconds).toBe(600);
  });

  it.each([
    [{ nope: 1 }, 'nope', 'unknown field'],
    [{ links: { login: { ttl: 5 } } }, 'links.login.ttl', 'unknown field'],
    [{ links: { login: { enabled: 'yes' } } }, 'links.login.enabled', 'must be a boolean'],
    [{ links: { login: { ttl_seconds: 59 } } }, 'links.login.ttl_seconds', 'from 60'],
    [{ links: { login: { ttl_seconds: 86401 } } }, 'links.login.ttl_seconds', 'from 60'],
    [{ links: { login: { ttl_seconds: 90.5 } } }, 'links.login.ttl_seconds', 'integer'],
    [{ links: 'all' }, 'links', 'must be an object'],
    [{ redirect: { allowed_urls: 'https://a.test/cb' } }, 'redirect.allowed_urls', 'array'],
    [{ redirect: { allowed_urls: ['https://*.acme.test/cb'] } }, 'redirect.allowed_urls.0', 'wildcards'],
    [{ redirect: { allowed_urls: ['https://u:p@acme.test/cb'] } }, 'redirect.allowed_urls.0', ''],
    [{ redirect: { allowed_urls: ['https://acme.test/cb#x'] } }, 'redirect.allowed_urls.0', 'fragment'],
    [{ redirect: { allowed_urls: ['http://acme.test/cb'] } }, 'redirect.allowed_urls.0', ''],
    [{ redirect: { allowed_urls: ['https://a.test/cb', 'https://a.test/cb'] } }, 'redirect.allowed_urls', 'unique'],
    [{ redirect: { allowed_urls: Array.from({ length: 21 }, (_, i) => `https://a.test/cb${i}`) } }, 'redirect.allowed_urls', 'at most 20'],
    [{ app: { origin: 'https://a.test/path' } }, 'app.origin', 'path'],
    [{ app: { name: '' } }, 'app.name', ''],
    [{ app: { sender_address: 'not-an-address' } }, 'app.sender_address', 'email'],
    [{ app: { sender_address: 5 } }, 'app.sender_address', 'string or null'],
    [{ app: { default_language: 'english' } }, 'app.default_language', 'language tag'],
    [{ users: { unknown_email: 'ignore' } }, 'users.unknown_email', 'one of'],
    [{ users: { email_attribute: 'bad attr' } }, 'users.email_attribute', 'attribute name'],
    [{ passwords: { reset_mode: 'email' } }, 'passwords.reset_mode', 'one of'],
    [{ retention: { used_links_days: -1 } }, 'retention.used_links_days', 'from 0 to 400'],
    [{ retention: { used_links_days: 401 } }, 'retention.used_links_days', 'from 0 to 400'],
    [{ retention: { used_links_days: 1.5 } }, 'retention.used_links_days', 'integer'],
    [{ retention: { used_links_days: '30' } }, 'retention.used_links_days', 'must be a number'],
  ])('refuses %j at %s', (patch, path, message) => {
    const issues = issuesOf(patch);
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
  });

  it('takes exactly 20 allowed URLs', () => {
    const urls = Array.from({ length: 20 }, (_, i) => `https://a.test/cb${i}`);
    expect(applyPolicyPatch(defaultPolicy(ctx), { redirect: { allowed_urls: urls } }, ctx).redirect.allowed_urls).toHaveLength(20);
  });

  it('refuses a patch that is not an object', () => {
    expect(() => applyPolicyPatch(defaultPolicy(ctx), [1], ctx)).toThrow('JSON object');
  });

  it('resolves a stored policy that predates a section or field over the defaults', () => {
    const p = resolvePolicy({ links: { login: { enabled: false } }, retired_section: { x: 1 } }, ctx);
    expect(p.links.login).toEqual({ enabled: false, ttl_seconds: 600 });
    expect(p.users.unknown_email).toBe('create');
    expect(p).not.toHaveProperty('retired_section');
  });
});

describe('branding section', () => {
  it('defaults to no logo, the blue button and the standard footer', () => {
    expect(defaultPolicy(ctx).branding).toEqual({ logo_url: null, primary_color: '#1d4ed8', footer: null, support_url: null, favicon_url: null });
  });
  it('takes a logo, colour, footer, support link and favicon', () => {
    const branding = {
      logo_url: 'https://cdn.acme.test/l.png', primary_color: '#B33C00', footer: 'Acme Inc.',
      support_url: 'mailto:help@acme.test', favicon_url: 'https://cdn.acme.test/f.png',
    };
    expect(applyPolicyPatch(defaultPolicy(ctx), { branding }, ctx).branding).toEqual(branding);
  });
  it('takes a logo served over http from a loopback host (a local installation)', () => {
    const p = applyPolicyPatch(defaultPolicy(ctx), { branding: { logo_url: 'http://127.0.0.1:8080/logo.png' } }, ctx);
    expect(p.branding.logo_url).toBe('http://127.0.0.1:8080/logo.png');
  });
  it.each([
    [{ logo_url: 'http://cdn.acme.test/l.png' }, 'branding.logo_url'],
    [{ logo_url: 'javascript:alert(1)' }, 'branding.logo_url'],
    [{ favicon_url: 'data:image/png;base64,AA==' }, 'branding.favicon_url'],
    [{ support_url: 'javascript:alert(1)' }, 'branding.support_url'],
    [{ support_url: 'http://help.acme.test' }, 'branding.support_url'],
    [{ primary_color: 'red' }, 'branding.primary_color'],
    [{ footer: '' }, 'branding.footer'],
  ])('refuses %j', (branding, path) => {
    expect(() => applyPolicyPatch(defaultPolicy(ctx), { branding }, ctx)).toThrow(path);
  });
  it('refuses a primary colour white text is not readable on (WCAG AA), naming the ratio', () => {
    expect(() => applyPolicyPatch(defaultPolicy(ctx), { branding: { primary_color: '#ff5500' } }, ctx)).toThrow(/3\.\d\d:1.*4\.5:1/);
    // #767676 is the lightest grey that reaches 4.5:1 on white; #777777 is just below.
    expect(applyPolicyPatch(defaultPolicy(ctx), { branding: { primary_color: '#767676' } }, ctx).branding.primary_color).toBe('#767676');
    expect(() => applyPolicyPatch(defaultPolicy(ctx), { branding: { primary_color: '#777777' } }, ctx)).toThrow('branding.primary_color');
  });
});
