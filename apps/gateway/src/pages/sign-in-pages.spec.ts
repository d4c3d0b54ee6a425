import type { FastifyRequest } from 'fastify';
import { browserNonceOf, RESEND_COOKIE, resendCookie, resendDataOf, SIGN_IN_COOKIE, signInCookie } from '../public/sign-in-cookie';
import { tenantWith } from '../testing/page-tenant';
import { pageHeaders } from './html';
import { pageContext } from './page-context';
import { lockedOutPage, signInConfirmPage, signInRequestPage, signInWaitingPage, wrongCodeMessage } from './sign-in-pages';

describe('hosted sign-in pages', () => {
  const token = 'A'.repeat(43);
  const ctx = pageContext(tenantWith());
  const requestId = '3f0c1f1e-8a4b-4c55-9d1e-2b6f7a8c9d0e';
  const waiting = { slug: 'acme', requestId, matchCode: 'K7P-4QX', refreshSeconds: 3, resendLimit: { points: 5, window_seconds: 3600 } };

  it('the confirm page shows the match code and POSTs to the link, without script', () => {
    const { html } = signInConfirmPage(ctx, token, 'K7P-4QX');
    expect(html).toContain('aria-label="Match code">K7P-4QX<');
    expect(html).toContain(`<form method="post" action="/l/${token}">`);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes the tenant-controlled app name and the redirect URL', () => {
    const { html } = signInRequestPage(pageContext(tenantWith({ app: { name: '<img src=x onerror=alert(1)>' } })), 'acme', 'https://a.test/cb?x="><script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('the waiting page follows the request live (script of this origin, else a refresh), takes the code, offers a new link with the limit', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const page = signInWaitingPage(ctx, { ...waiting, expiresAt: '2030-01-01T00:15:00Z', error: 'That code is not right.' }, now);
    const { status, html } = page;
    expect(status).toBe(401);
    expect(html).toContain(`<noscript><meta http-equiv="refresh" content="3;url=/p/acme/sign-in/${requestId}?m=K7P-4QX"></noscript>`);
    expect(html).toContain('<script src="/assets/sign-in-waiting.js" defer></script>');
    expect(html).toContain(`data-status-url="/p/acme/sign-in/${requestId}/status"`);
    expect(page.script).toBe(true);
    expect(pageHeaders(ctx, page.script)['content-security-policy']).toContain("script-src 'self'; connect-src 'self';");
    expect(pageHeaders(ctx)['content-security-policy']).not.toContain('script-src');
    expect(html).toContain(`action="/p/acme/sign-in/${requestId}/code"`);
    expect(html).toContain('role="alert">That code is not right.<');
    expect(html).toMatch(/role="status"[^>]*>Waiting for the link to be opened… The request expires in 15 minutes.</);
    expect(html).toContain(`action="/p/acme/sign-in/${requestId}/resend"`);
    expect(html).toContain('You can ask for 5 links every 1 hour.');
  });

  it('counts in the page language', () => {
    expect(wrongCodeMessage(ctx, 1)).toBe('That code is not right. 1 attempt left.');
    expect(wrongCodeMessage(pageContext(tenantWith(), 'fr'), 4)).toBe('Ce code n’est pas le bon. Il reste 4 tentatives.');
    expect(signInWaitingPage(pageContext(tenantWith(), 'de'), waiting).html).toContain('Sie können 5 Links pro 1 Stunde anfordern.');
    expect(lockedOutPage(pageContext(tenantWith(), 'pt'), 300, new Date()).html).toContain('Tente de novo em 5 minutos.');
  });

  it('the browser cookie is __Host- (Secure, Path=/, no Domain) and is read back only when well-formed', () => {
    const nonce = 'n'.repeat(43);
    const cookie = signInCookie(nonce, 600);
    expect(cookie).toBe(`${SIGN_IN_COOKIE}=${nonce}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600`);
    expect(cookie).not.toMatch(/Domain=/i);
    const req = (header?: string) => ({ headers: header === undefined ? {} : { cookie: header } }) as unknown as FastifyRequest;
    expect(browserNonceOf(req(`a=1; ${SIGN_IN_COOKIE}=${nonce}; b=2`))).toBe(nonce);
    expect(browserNonceOf(req(`${SIGN_IN_COOKIE}=short`))).toBeUndefined();
    expect(browserNonceOf(req())).toBeUndefined();
  });

  it('the resend cookie is __Host-, HttpOnly, SameSite=Strict, and carries back what the browser asked with', () => {
    const cookie = resendCookie({ email: 'ada@example.com', redirectUrl: 'https://app.acme.test/cb' }, 600);
    expect(cookie).toMatch(new RegExp(`^${RESEND_COOKIE}=[A-Za-z0-9_-]+; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=600$`));
    const req = (header: string) => ({ headers: { cookie: header } }) as unknown as FastifyRequest;
    expect(resendDataOf(req(cookie.split(';')[0]))).toEqual({ email: 'ada@example.com', redirectUrl: 'https://app.acme.test/cb' });
    expect(resendDataOf(req(`${RESEND_COOKIE}=not-json`))).toBeUndefined();
  });
});
