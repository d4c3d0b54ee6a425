import { SesameError } from './errors';
import {
  MAX_ALLOWED_REDIRECT_URLS,
  RedirectPolicy,
  appendQuery,
  resolveRedirect,
  validateAllowedRedirectUrl,
  validateAppOrigin,
} from './redirect-policy';

const policy: RedirectPolicy = {
  enabled: true,
  appOrigin: 'https://a.com',
  allowedUrls: [
    'https://a.com/cb', 'https://a.com', 'https://app.example.org:8443/auth/done', 'http://localhost:3000/cb', 'http://127.0.0.1/cb',
    'https://app.example.com/callback',
  ],
};

function refusal(fn: () => unknown): SesameError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SesameError);
    return err as SesameError;
  }
  throw new Error('expected a SesameError, nothing was thrown');
}

describe('resolveRedirect', () => {
  it.each([undefined, null, ''])('returns null when nothing is requested (%p), even when disabled', (requested) => {
    expect(resolveRedirect(requested, policy)).toBeNull();
    expect(resolveRedirect(requested, { ...policy, enabled: false })).toBeNull();
  });

  it.each(['https://a.com/cb', 'https://app.example.com/callback?x=1', '/cb', 'http://localhost:3000/cb', '//evil.com'])(
    'refuses any request when redirects are disabled, even a listed one: %s',
    (requested) => {
      const err = refusal(() => resolveRedirect(requested, { ...policy, enabled: false }));
      expect(err.code).toBe('redirect_not_allowed');
      expect(err.message).toBe('Redirects are disabled for this tenant');
      expect(err.status).toBe(400);
    },
  );

  it.each([
    ['exact match', 'https://a.com/cb', 'https://a.com/cb'],
    ['query passed on', 'https://a.com/cb?state=xyz&n=1', 'https://a.com/cb?state=xyz&n=1'],
    ['encoded query kept', 'https://a.com/cb?next=%2Fhome%3Fa%3Db', 'https://a.com/cb?next=%2Fhome%3Fa%3Db'],
    ['root entry', 'https://a.com/', 'https://a.com/'],
    ['root entry without slash', 'https://a.com', 'https://a.com/'],
    ['upper-case scheme and host', 'HTTPS://A.COM/cb', 'https://a.com/cb'],
    ['explicit default port', 'https://a.com:443/cb', 'https://a.com/cb'],
    ['non-default port entry', 'https://app.example.org:8443/auth/done?x=1', 'https://app.example.org:8443/auth/done?x=1'],
    ['relative path', '/cb', 'https://a.com/cb'],
    ['relative path with query', '/cb?x=1', 'https://a.com/cb?x=1'],
    ['relative root', '/', 'https://a.com/'],
    ['http on localhost', 'http://localhost:3000/cb', 'http://localhost:3000/cb'],
    ['http on 127.0.0.1', 'http://127.0.0.1/cb?x=y', 'http://127.0.0.1/cb?x=y'],
    ['allowed exact', 'https://app.example.com/callback', 'https://app.example.com/callback'],
    ['allowed with another query', 'https://app.example.com/callback?state=abc&next=%2Fhome', 'https://app.example.com/callback?state=abc&next=%2Fhome'],
  ])('accepts %s', (_name, requested, expected) => {
    expect(resolveRedirect(requested, policy)).toBe(expected);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with path', '//evil.com/cb'],
    ['triple slash', '///evil.com'],
    ['slash backslash', '/\\evil.com'],
    ['double backslash', '\\\\evil.com'],
    ['backslash in path', 'https://a.com\\@evil.com/cb'],
    ['backslash later in path', 'https://a.com/cb\\..\\x'],
    ['backslash in query', 'https://a.com/cb?x=\\'],
    ['scheme without slashes', 'https:evil.com'],
    ['scheme with one slash', 'https:/evil.com'],
    ['scheme with three slashes', 'https:///evil.com/cb'],
    ['suffix host', 'https://a.com.evil.com/cb'],
    ['trailing-dot host', 'https://a.com./cb'],
    ['userinfo', 'https://a.com@evil.com/cb'],
    ['userinfo matching host', 'https://user:pw@a.com/cb'],
    ['encoded at in host', 'https://a.com%40evil.com/cb'],
    ['javascript', 'javascript:alert(1)'],
    ['javascript upper-case', 'JavaScript:alert(1)'],
    ['javascript with slashes', 'javascript://a.com/cb%0aalert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['other scheme', 'ftp://a.com/cb'],
    ['encoded slash', 'https://a.com/cb%2fevil'],
    ['encoded slash upper-case', 'https://a.com/cb%2Fevil'],
    ['encoded backslash', 'https://a.com/cb%5cevil'],
    ['encoded backslash upper-case', '/%5Cevil.com'],
    ['double-encoded slash', '/%252f%252fevil.com'],
    ['relative encoded slash', '/%2f%2fevil.com'],
    ['dot segments', 'https://a.com/x/../cb'],
    ['encoded dot segments', '/x/%2e%2e/cb'],
    ['leading space', ' https://a.com/cb'],
    ['trailing space', 'https://a.com/cb '],
    ['tab inside scheme', 'java\tscript:alert(1)'],
    ['tab in host', 'https://a.\tcom/cb'],
    ['newline', '/cb\n'],
    ['carriage return', 'https://a.com/cb\r\n'],
    ['NUL', 'https://a.com/cb\u0000'],
    ['DEL', 'https://a.com/cb\u007f'],
    ['non-breaking space', '\u00a0https://a.com/cb'],
    ['non-ASCII host', 'https://\u0430.com/cb'],
    ['fullwidth solidus', '/\uff0f/evil.com'],
    ['fragment', 'https://a.com/cb#x'],
    ['empty fragment', '/cb#'],
    ['plain http', 'http://a.com/cb'],
    ['http on other loopback-looking host', 'http://localhost.evil.com/cb'],
    ['no scheme', 'a.com/cb'],
    ['dot-relative', './cb'],
    ['query only', '?x=1'],
    ['whitespace only', '   '],
    ['listed host as a subdomain of another', 'https://app.example.com.evil.com/callback'],
    ['listed host as user information', 'https://app.example.com@evil.com/callback'],
    ['listed host as user information, no path', 'https://app.example.com@evil.com'],
    ['encoded slashes, no leading slash', '%2F%2Fevil.com'],
    ['encoded slashes upper-case', '/%2F%2Fevil.com'],
    ['encoded slashes after the host', 'https://app.example.com%2F%2Fevil.com/callback'],
    ['look-alike Cyrillic host', 'https://\u0430pp.example.com/callback'],
    ['ideographic full stop in host', 'https://app\u3002example.com/callback'],
    ['fullwidth solidus in path', 'https://app.example.com\uff0fcallback'],
    ['right-to-left override', 'https://app.example.com/callback\u202e'],
    ['zero-width space in host', 'https://app.example\u200b.com/callback'],
    ['javascript with listed host', 'javascript://app.example.com/callback'],
    ['data URL with listed host', 'data:text/html,https://app.example.com/callback'],
    ['tab in path', 'https://app.example.com/call\tback'],
    ['vertical tab', 'https://app.example.com/callback\u000b'],
    ['form feed', '\u000chttps://app.example.com/callback'],
  ])('refuses %s', (_name, requested) => {
    // evil.com is even on the list here: these must be caught as payloads, not by the list.
    const permissive: RedirectPolicy = { ...policy, allowedUrls: [...policy.allowedUrls, 'https://evil.com', 'https://evil.com/cb'] };
    const err = refusal(() => resolveRedirect(requested, permissive));
    expect(err.code).toBe('redirect_not_allowed');
    expect(err.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['trailing slash differs', 'https://a.com/cb/'],
    ['path prefix', 'https://a.com/cb/more'],
    ['path case', 'https://a.com/CB'],
    ['encoded letter', 'https://a.com/%63b'],
    ['other port', 'https://a.com:8443/cb'],
    ['missing port', 'https://app.example.org/auth/done'],
    ['wrong port on localhost', 'http://localhost:4000/cb'],
    ['https instead of http', 'https://localhost:3000/cb'],
    ['http instead of https', 'http://a.com/cb'],
    ['subdomain', 'https://www.a.com/cb'],
    ['relative path not listed', '/other'],
    ['another port', 'https://app.example.com:8443/callback'],
    ['another scheme', 'http://app.example.com/callback'],
    ['path with a suffix', 'https://app.example.com/callbackX'],
    ['relative path with a suffix', '/callbackX'],
    ['path trailing slash', 'https://app.example.com/callback/'],
    ['parent domain', 'https://example.com/callback'],
    ['sibling subdomain', 'https://www.app.example.com/callback'],
    ['punycode look-alike host', 'https://xn--pp-6kc.example.com/callback'],
    ['punycode host', 'https://xn--app-example-9ob.com/callback'],
  ])('refuses a non-matching URL: %s', (_name, requested) => {
    expect(refusal(() => resolveRedirect(requested, policy)).code).toBe('redirect_not_allowed');
  });

  it('has no wildcards: a stored "*" entry matches nothing', () => {
    const p: RedirectPolicy = { ...policy, allowedUrls: ['https://*.a.com/cb', '*'] };
    expect(refusal(() => resolveRedirect('https://x.a.com/cb', p)).code).toBe('redirect_not_allowed');
  });

  it('refuses relative paths when the app origin is invalid', () => {
    const p: RedirectPolicy = { ...policy, appOrigin: 'not a url' };
    expect(refusal(() => resolveRedirect('/cb', p)).message).toMatch(/app origin/);
  });

  it('refuses everything when the list is empty', () => {
    expect(refusal(() => resolveRedirect('https://a.com/cb', { ...policy, allowedUrls: [] })).code).toBe('redirect_not_allowed');
  });

  // Entrust guide: "Wildcards, custom paths, and custom ports are not permitted in the base URL."
  it('refuses a listed URL with a custom port when custom ports are not allowed; a default port is no custom port', () => {
    const p: RedirectPolicy = { ...policy, allowCustomPorts: false };
    expect(resolveRedirect('https://app.example.org:8443/auth/done', policy)).toBe('https://app.example.org:8443/auth/done');
    expect(refusal(() => resolveRedirect('https://app.example.org:8443/auth/done', p)).message).toMatch(/custom port/);
    expect(refusal(() => resolveRedirect('http://localhost:3000/cb', p)).code).toBe('redirect_not_allowed');
    expect(resolveRedirect('https://a.com:443/cb?x=1', p)).toBe('https://a.com/cb?x=1');
    expect(resolveRedirect('http://127.0.0.1:80/cb', p)).toBe('http://127.0.0.1/cb');
  });
});

describe('validateAllowedRedirectUrl', () => {
  it.each([
    ['https://a.com/cb', 'https://a.com/cb'],
    ['https://a.com', 'https://a.com/'],
    ['HTTPS://A.Com/Cb', 'https://a.com/Cb'],
    ['https://a.com:443/cb/', 'https://a.com/cb/'],
    ['https://a.com:8443/cb', 'https://a.com:8443/cb'],
    ['http://localhost:3000/cb', 'http://localhost:3000/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1/cb'],
    ['http://localhost:80/cb', 'http://localhost/cb'],
  ])('normalises %s', (entry, expected) => {
    expect(validateAllowedRedirectUrl(entry)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['relative', '/cb'],
    ['protocol-relative', '//a.com/cb'],
    ['plain http', 'http://a.com/cb'],
    ['wildcard host', 'https://*.a.com/cb'],
    ['wildcard path', 'https://a.com/*'],
    ['userinfo', 'https://u@a.com/cb'],
    ['fragment', 'https://a.com/cb#x'],
    ['query', 'https://a.com/cb?x=1'],
    ['empty query', 'https://a.com/cb?'],
    ['encoded slash', 'https://a.com/a%2Fb'],
    ['encoded backslash', 'https://a.com/a%5cb'],
    ['backslash', 'https://a.com\\cb'],
    ['javascript', 'javascript:alert(1)'],
    ['scheme without slashes', 'https:a.com'],
    ['whitespace', 'https://a.com/c b'],
    ['no host', 'https:///cb'],
    ['dot segment', 'https://a.com/x/../cb'],
    ['too long', `https://a.com/${'x'.repeat(2100)}`],
  ])('rejects %s', (_name, entry) => {
    expect(refusal(() => validateAllowedRedirectUrl(entry)).code).toBe('validation_failed');
  });

  it('exposes the limit of the list', () => {
    expect(MAX_ALLOWED_REDIRECT_URLS).toBe(20);
  });
});

describe('validateAppOrigin', () => {
  it.each([
    ['https://a.com', 'https://a.com'],
    ['https://a.com/', 'https://a.com'],
    ['HTTPS://A.COM:443', 'https://a.com'],
    ['https://a.com:8443', 'https://a.com:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
  ])('normalises %s', (origin, expected) => {
    expect(validateAppOrigin(origin)).toBe(expected);
  });

  it.each(['', 'a.com', 'http://a.com', 'https://a.com/app', 'https://a.com?x=1', 'https://a.com#x', 'https://u@a.com', 'https://*.a.com', '//a.com', 'javascript:alert(1)'])(
    'rejects %p',
    (origin) => {
      expect(refusal(() => validateAppOrigin(origin)).code).toBe('validation_failed');
    },
  );
});

describe('appendQuery', () => {
  it('adds parameters to a URL without a query', () => {
    expect(appendQuery('https://a.com/cb', { code: 'abc', state: 'x y' })).toBe('https://a.com/cb?code=abc&state=x+y');
  });

  it('keeps the existing query byte for byte', () => {
    expect(appendQuery('https://a.com/cb?next=%2Fhome&flag', { code: 'abc' })).toBe('https://a.com/cb?next=%2Fhome&flag&code=abc');
  });

  it('drops existing parameters that are being set, so ours cannot be shadowed', () => {
    expect(appendQuery('https://a.com/cb?code=evil&x=1&code=evil2', { code: 'real' })).toBe('https://a.com/cb?x=1&code=real');
  });

  it('encodes values', () => {
    expect(appendQuery('https://a.com/cb?', { v: 'a&b=c/?' })).toBe('https://a.com/cb?v=a%26b%3Dc%2F%3F');
  });

  it('returns the URL unchanged when there is nothing to add', () => {
    expect(appendQuery('https://a.com/cb?x=1', {})).toBe('https://a.com/cb?x=1');
  });
});
