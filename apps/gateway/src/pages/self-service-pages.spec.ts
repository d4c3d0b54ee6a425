import { SELF_SERVICE_KINDS } from '@sesame/domain';
import { tenantWith } from '../testing/page-tenant';
import { appDisabledPage, appSignInPage, magicLinkSentPage, secondFactorPage } from './app-sign-in-pages';
import { pageContext } from './page-context';
import { selfServiceFormPage, selfServiceOffPage, selfServiceSentPage } from './self-service-pages';

describe('self-service and two-step sign-in pages', () => {
  const ctx = pageContext(tenantWith());
  const fr = pageContext(tenantWith(), 'fr');
  const app = { base: '/p/acme/apps/0b6f6c1e-7c55-4a5c-9a53-4a5d2a1b9f10/sign-in', appName: 'Portal' };

  it.each(SELF_SERVICE_KINDS)('%s: a plain form (no script) posting to itself, in the reader\'s language', (kind) => {
    const { status, html } = selfServiceFormPage(ctx, { slug: 'acme', kind, redirectUrl: 'https://app.acme.test/cb' });
    expect(status).toBe(200);
    expect(html).toMatch(/<form method="post" action="\/p\/acme\/(forgot-password|verify-email|sign-up)">/);
    expect(html).toContain('<input type="hidden" name="redirect_url" value="https://app.acme.test/cb">');
    expect(html).not.toMatch(/<script/i);
    expect(selfServiceFormPage(fr, { slug: 'acme', kind, redirectUrl: null }).html).toContain('<html lang="fr"');
    expect(selfServiceSentPage(ctx, kind).html).not.toBe(selfServiceSentPage(fr, kind).html);
    expect(selfServiceOffPage(ctx, kind).status).toBe(403);
  });

  it('carries sign-up context_data as hidden fields, escaped', () => {
    const { html } = selfServiceFormPage(ctx, { slug: 'acme', kind: 'sign_up', redirectUrl: null, contextData: { ref: '"><script>x</script>' } });
    expect(html).toContain('<input type="hidden" name="context_data[ref]" value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">');
  });

  it('two-step pages name the application; Magic Link is a button only when offered', () => {
    expect(appSignInPage(ctx, app, '/p/acme/forgot-password').html).toContain('<h1>Sign in to Portal</h1>');
    expect(appSignInPage(ctx, app, null).html).not.toContain('forgot-password');
    const offered = secondFactorPage(ctx, app, ['magic_link']).html;
    expect(offered).toContain(`<form method="post" action="${app.base}/second-factor">`);
    expect(offered).toContain('<input type="hidden" name="factor" value="magic_link">');
    const none = secondFactorPage(ctx, app, []).html;
    expect(none).not.toContain('name="factor"');
    expect(none).toContain('No second step is available');
    expect(secondFactorPage(fr, app, ['magic_link']).html).toContain('M’envoyer un lien magique');
    expect(magicLinkSentPage(ctx, app).html).toContain('finish signing in to Portal');
    expect(appDisabledPage(ctx, 'Portal').status).toBe(403);
  });
});
