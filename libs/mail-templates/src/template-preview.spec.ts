import { LinkMessageRenderer } from './link-message.renderer';
import { SAMPLE_CODE, sampleLinkUrl, sampleMessageInput, testSubject } from './template-preview';

describe('sampleMessageInput', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const base = { type: 'login', language: 'en', publicBaseUrl: 'https://auth.example.com', appName: 'Acme', now } as const;

  it('links to a path on the public origin that is not a token, with the sample code and a 15-minute expiry', () => {
    const input = sampleMessageInput(base);
    expect(input.url).toBe('https://auth.example.com/l/sample-link-preview');
    expect(input.url).not.toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
    expect(input.code).toBe(SAMPLE_CODE);
    expect(input.expiresAt.getTime() - now.getTime()).toBe(15 * 60_000);
  });

  it('takes the tenant branding field by field over the defaults', () => {
    const input = sampleMessageInput({ ...base, branding: { primary_color: '#ff5500', logo_url: null, footer: 'Acme Inc.' } });
    expect(input.branding).toEqual({ primary_color: '#ff5500', logo_url: null, footer: 'Acme Inc.' });
    expect(sampleMessageInput(base).branding?.primary_color).toBe('#1d4ed8');
  });

  it('renders through the default templates with the sample values, action name and short message', async () => {
    const renderer = LinkMessageRenderer.create();
    const mail = renderer.renderEmail(sampleMessageInput({ ...base, actionName: 'Approve <transfer>', shortMessage: 'Hi & welcome' }));
    expect(mail.text).toContain(sampleLinkUrl('https://auth.example.com'));
    expect(mail.text).toContain(SAMPLE_CODE);
    expect(mail.html).toContain('Approve &lt;transfer&gt;');
  }, 30_000);

  it('marks a test subject', () => {
    expect(testSubject('Sign in to Acme')).toBe('[Test] Sign in to Acme');
  });
});
