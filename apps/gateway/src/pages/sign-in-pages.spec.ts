import type { FastifyRequest } from 'fastify';
import { browserNonceOf, SIGN_IN_COOKIE, signInCookie } from '../public/sign-in-cookie';
import { signInConfirmPage, signInRequestPage, signInWaitingPage } from './sign-in-pages';

describe('hosted sign-in pages', () => {
  const token = 'A'.repeat(43);

  it('the confirm page shows the match code and POSTs to the link, without script', () => {
    const html = signInConfirmPage(token, 'Acme', 'K7P-4QX');
    expect(html).toContain('aria-label="Match code">K7P-4QX<');
    expect(html).toContain(`<form method="post" action="/l/${token}">`);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes the tenant-controlled app name and the redirect URL', () => {
    const html = signInRequestPage('acme', '<img src=x onerror=alert(1)>', 'https://a.test/cb?x="><script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('the waiting page refreshes itself and takes the 6-digit code', () => {
    const html = signInWaitingPage('acme', '3f0c1f1e-8a4b-4c55-9d1e-2b6f7a8c9d0e', 'Acme', 'K7P-4QX', 'That code is not right.');
    expect(html).toContain('<meta http-equiv="refresh" content="3;url=/p/acme/sign-in/3f0c1f1e-8a4b-4c55-9d1e-2b6f7a8c9d0e?m=K7P-4QX">');
    expect(html).toContain('action="/p/acme/sign-in/3f0c1f1e-8a4b-4c55-9d1e-2b6f7a8c9d0e/code"');
    expect(html).toContain('role="alert">That code is not right.<');
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
});
