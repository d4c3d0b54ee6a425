import { LINK_TYPES } from '@sesame/domain';
import { renderLinkEmail } from './link-email';

const now = new Date('2030-01-01T12:00:00Z');
const url = 'https://auth.example.com/l/AbC_dEf-123';
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);

describe('renderLinkEmail', () => {
  it.each([
    ['login', 'Sign in to Acme'],
    ['registration', 'Finish signing up for Acme'],
    ['password_reset', 'Reset your password for Acme'],
    ['verify_email', 'Confirm your email for Acme'],
  ] as const)('renders a %s email', (type, subject) => {
    const mail = renderLinkEmail({ type, appName: 'Acme', url, expiresAt: inMinutes(10), now });
    expect(mail.subject).toBe(subject);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain('<html lang="en"');
    expect(mail.html).toContain('role="presentation"');
    expect(mail.html).toContain("If you didn&#39;t request this, ignore this email.");
    expect(mail.text).toContain(url);
    expect(mail.text).toContain("If you didn't request this, ignore this email.");
  });

  it('covers every link type of the domain', () => {
    for (const type of LINK_TYPES) {
      expect(() => renderLinkEmail({ type, appName: 'A', url, expiresAt: inMinutes(5), now })).not.toThrow();
    }
  });

  it('escapes the app name everywhere in the HTML', () => {
    const appName = '<script>alert("x")</script> & Co';
    const mail = renderLinkEmail({ type: 'login', appName, url, expiresAt: inMinutes(10), now });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.subject).toBe(`Sign in to ${appName}`);
  });

  it('escapes the URL in attributes and text', () => {
    const tricky = 'https://auth.example.com/l/x?a=1&b="><img src=x>';
    const mail = renderLinkEmail({ type: 'login', appName: 'A', url: tricky, expiresAt: inMinutes(10), now });
    expect(mail.html).not.toContain('"><img');
    expect(mail.html).toContain('a=1&amp;b=&quot;&gt;&lt;img src=x&gt;');
    expect(mail.text).toContain(tricky);
  });

  it('keeps a multi-line app name on one line in subject and text', () => {
    const mail = renderLinkEmail({ type: 'login', appName: 'Acme\r\nBcc: evil@x.com', url, expiresAt: inMinutes(10), now });
    expect(mail.subject).toBe('Sign in to Acme Bcc: evil@x.com');
    expect(mail.text.split('\n')[0]).toBe('Sign in to Acme Bcc: evil@x.com');
  });

  it('refuses a non-http URL', () => {
    expect(() => renderLinkEmail({ type: 'login', appName: 'A', url: 'javascript:alert(1)', expiresAt: inMinutes(10), now })).toThrow(
      'Link URL must be http(s)',
    );
  });

  it('refuses an unknown type', () => {
    expect(() =>
      renderLinkEmail({ type: 'nope' as never, appName: 'A', url, expiresAt: inMinutes(10), now }),
    ).toThrow('Unknown link type "nope"');
  });

  it('states the expiry in words in both parts', () => {
    const mail = renderLinkEmail({ type: 'login', appName: 'A', url, expiresAt: inMinutes(10), now });
    expect(mail.html).toContain('expires in 10 minutes.');
    expect(mail.text).toContain('This link can be used once and expires in 10 minutes.');
    const reg = renderLinkEmail({ type: 'verify_email', appName: 'A', url, expiresAt: inMinutes(24 * 60), now });
    expect(reg.text).toContain('expires in 24 hours.');
  });

  it('falls back to English for an unknown or regional language', () => {
    const a = renderLinkEmail({ type: 'login', appName: 'A', url, expiresAt: inMinutes(10), now, language: 'xx' });
    const b = renderLinkEmail({ type: 'login', appName: 'A', url, expiresAt: inMinutes(10), now, language: 'en-GB' });
    expect(a.subject).toBe('Sign in to A');
    expect(b.subject).toBe('Sign in to A');
  });
});

describe('renderLinkEmail with a fallback code', () => {
  it('prints the 6-digit code in both parts, and nothing when there is none', () => {
    const withCode = renderLinkEmail({ type: 'login', appName: 'Acme', url, expiresAt: inMinutes(10), now, code: '042917' });
    expect(withCode.html).toContain('042917');
    expect(withCode.text).toContain('type this code on the page where you asked for the link: 042917');
    const without = renderLinkEmail({ type: 'login', appName: 'Acme', url, expiresAt: inMinutes(10), now });
    expect(without.text).not.toContain('type this code');
  });
});
