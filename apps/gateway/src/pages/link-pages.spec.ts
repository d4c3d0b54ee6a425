import { tenantWith } from '../testing/page-tenant';
import { confirmPage, problemPage } from './link-pages';
import { pageContext } from './page-context';

describe('hosted link pages', () => {
  const token = 'A'.repeat(43);
  const ctx = pageContext(tenantWith());

  it('confirm page posts to the link and works without JavaScript', () => {
    const { status, html } = confirmPage(ctx, token, 'login');
    expect(status).toBe(200);
    expect(html).toContain(`<form method="post" action="/l/${token}">`);
    expect(html).toContain('<button class="button" type="submit">Sign in</button>');
    expect(html).not.toMatch(/<script/i);
  });

  it('says when the link expires, in the page language', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const es = pageContext(tenantWith(), 'es');
    expect(confirmPage(es, token, 'login', '2030-01-01T00:10:00Z', now).html).toContain('Caduca dentro de 10 minutos.');
    expect(confirmPage(ctx, token, 'login', '2030-01-01T00:10:00Z', now).html).toContain('It expires in 10 minutes.');
  });

  it('escapes the tenant-controlled app name', () => {
    const { html } = confirmPage(pageContext(tenantWith({ app: { name: '<script>alert(1)</script>' } })), token, 'login');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('a registration link lands on its Auth Armor action name and short message, escaped, in the reader\'s language', () => {
    const texts = { actionName: 'Register', shortMessage: 'Welcome <b>aboard</b>' };
    const { html } = confirmPage(ctx, token, 'registration', undefined, new Date(), texts);
    expect(html).toContain('<h1>Register at Acme</h1>');
    expect(html).toContain('Welcome &lt;b&gt;aboard&lt;/b&gt;');
    expect(html).toContain('<button class="button" type="submit">Register</button>');
    expect(confirmPage(pageContext(tenantWith(), 'es'), token, 'registration', undefined, new Date(), texts).html).toContain('<h1>Register en Acme</h1>');
    expect(confirmPage(ctx, token, 'registration').html).toContain('<h1>Finish signing up for Acme</h1>');
  });

  it.each([['invalid', 404], ['expired', 410], ['used', 410], ['revoked', 410]] as const)('%s page answers %i', (kind, status) => {
    expect(problemPage(ctx, kind).status).toBe(status);
  });

  it.each(['expired', 'used', 'revoked'] as const)('a %s link is no dead end: a new link from the sign-in page, or back to the app', (kind) => {
    const { html } = problemPage(ctx, kind);
    expect(html).toContain('<a class="button" href="/p/acme/sign-in">Ask for a new link</a>');
    expect(html).toContain('<a class="secondary" href="https://app.acme.test">Go back to Acme</a>');
  });

  it('a token of no known tenant says what to check, with no links to guess', () => {
    const { html } = problemPage(pageContext(null), 'invalid');
    expect(html).toContain('This link is not valid');
    expect(html).not.toContain('class="actions"');
  });
});
