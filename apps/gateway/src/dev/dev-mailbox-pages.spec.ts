import type { DevMailboxMessage } from '@sesame/messaging';
import { mailboxListPage, mailboxMessagePage, MESSAGE_HTML_HEADERS, withNewTabLinks } from './dev-mailbox-pages';

const email: DevMailboxMessage = {
  id: '2f3c1a6e-1b1a-4d2a-9a1a-1a2b3c4d5e6f', channel: 'email', to: 'ada@acme.test', from: 'Acme <auth@acme.test>',
  subject: 'Sign in to <Acme>', html: '<p>Hi</p><script>alert(1)</script>', text: 'Sign in: http://127.0.0.1:3000/l/abc?x=1&y=2', created_at: '2026-12-06T14:00:00.000Z',
};

describe('dev mailbox pages', () => {
  it('lists each message with a link to its page, escaping what a tenant controls', () => {
    const html = mailboxListPage([email, { ...email, id: '3f3c1a6e-1b1a-4d2a-9a1a-1a2b3c4d5e6f', channel: 'sms', to: '+15555550100', subject: 'SMS' }]);
    expect(html).toContain(`<a href="/dev/mailbox/${email.id}">Sign in to &lt;Acme&gt;</a>`);
    expect(html).toContain('<td>sms</td><td>+15555550100</td>');
    expect(html).not.toContain('<Acme>');
  });

  it('frames the HTML in a sandbox and shows the text with its links', () => {
    const html = mailboxMessagePage(email);
    expect(html).toContain(`<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" src="/dev/mailbox/${email.id}/html"`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="http://127.0.0.1:3000/l/abc?x=1&amp;y=2">');
    expect(html).toContain('Acme &lt;auth@acme.test&gt;');
  });

  it('shows an sms as text only', () => {
    const html = mailboxMessagePage({ ...email, channel: 'sms', html: '' });
    expect(html).not.toContain('<iframe');
    expect(html).toContain('Sign in: ');
  });

  it('serves the HTML with a CSP that sandboxes it and runs no script', () => {
    const csp = MESSAGE_HTML_HEADERS['content-security-policy'];
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain("; sandbox allow-popups allow-popups-to-escape-sandbox;");
    expect(csp).not.toMatch(/allow-scripts|allow-same-origin|allow-forms|allow-top-navigation/);
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it.each([
    ['<!doctype html><html><head><title>x</title></head><body>y</body></html>', '<!doctype html><html><head><base target="_blank"><title>x</title>'],
    ['<!DOCTYPE html><p>no head</p>', '<!DOCTYPE html><base target="_blank"><p>no head</p>'],
    ['<p>fragment</p>', '<base target="_blank"><p>fragment</p>'],
    ['<HEAD lang="en"><p>x</p>', '<HEAD lang="en"><base target="_blank"><p>x</p>'],
  ])('opens the links of %j in a new tab', (input, start) => {
    expect(withNewTabLinks(input).startsWith(start)).toBe(true);
  });
});
