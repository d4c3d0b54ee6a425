import { LINK_TYPES, SUPPORTED_LANGUAGES } from '@sesame/domain';
import { LinkMessageRenderer, MessageInput } from './link-message.renderer';

const now = new Date('2030-01-01T12:00:00Z');
const url = 'https://auth.example.com/l/AbC_dEf-123';
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);
const base: MessageInput = {
  type: 'login', language: 'en', appName: 'Acme', url, code: '493817', expiresAt: inMinutes(10), now, recipient: 'ada@acme.test',
};
/** Mustache tags, or anything that looks like a placeholder, left in the output. */
const LEFTOVER = /\{\{|\}\}|\{[a-z_]+\}/;

describe('LinkMessageRenderer', () => {
  let r: LinkMessageRenderer;
  beforeAll(async () => {
    r = LinkMessageRenderer.create();
  });

  describe.each(LINK_TYPES)('%s', (type) => {
    it.each(SUPPORTED_LANGUAGES)('in %s: html and text with the link and the code, no leftover placeholder', (language) => {
      const mail = r.renderEmail({ ...base, type, language });
      for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(LEFTOVER);
      expect(mail.html).toContain(`<html lang="${language}"`);
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.html).toContain('493817');
      expect(mail.text).toContain(url);
      expect(mail.text).toContain('493817');
      expect(mail.subject).toContain('Acme');
      expect(mail).toMatchSnapshot();
    });
  });

  it('states the expiry in words in the recipient\'s language', () => {
    const words = Object.fromEntries(SUPPORTED_LANGUAGES.map((language) => [language, r.renderEmail({ ...base, language }).text]));
    expect(words.en).toContain('expires in 10 minutes.');
    expect(words.es).toContain('caduca dentro de 10 minutos.');
    expect(words.fr).toContain('expire dans 10 minutes.');
    expect(words.de).toContain('läuft in 10 Minuten ab.');
    expect(words.pt).toContain('expira em 10 minutos.');
  });

  it('uses "<action_name> at <app name>" as subject and button, and shows the short message', () => {
    const mail = r.renderEmail({ ...base, type: 'registration', actionName: 'Register', shortMessage: 'Welcome to the beta!' });
    expect(mail.subject).toBe('Register at Acme');
    expect(mail.html).toMatch(/>\s*Register\s*<\/a>/);
    expect(mail.html).toContain('Welcome to the beta!');
    expect(mail.text).toContain('Welcome to the beta!');
    expect(mail.text).toContain(`Register: ${url}`);
    expect(r.renderEmail({ ...base, language: 'de', actionName: 'Registrieren' }).subject).toBe('Registrieren bei Acme');
  });

  it('leaves out the code, the short message and the logo when there are none', () => {
    const mail = r.renderEmail({ ...base, code: null });
    expect(mail.text).not.toContain('Or type this code');
    expect(mail.html).not.toContain('Or type this code');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toBe(['Sign in to Acme', '', 'Use the button below to sign in. No password needed.', '',
      `Sign in: ${url}`, '', 'This link can be used once and expires in 10 minutes.', '',
      "If you didn't request this, ignore this email. Nothing will change until the link is used.", '', 'Sent by Acme.', ''].join('\n'));
  });

  it('applies branding: logo, colour and footer', () => {
    const mail = r.renderEmail({ ...base, branding: { logo_url: 'https://cdn.acme.test/logo.png', primary_color: '#ff5500', footer: 'Acme Inc., 1 Main St' } });
    expect(mail.html).toContain('src="https://cdn.acme.test/logo.png"');
    expect(mail.html).toContain('#ff5500');
    expect(mail.html).not.toContain('#1d4ed8');
    expect(mail.html).toContain('Acme Inc., 1 Main St');
    expect(mail.text).toContain('Acme Inc., 1 Main St');
  });

  it('escapes hostile values in the HTML and keeps the subject on one line', () => {
    const mail = r.renderEmail({ ...base, appName: '<script>alert("x")</script>\r\nBcc: evil@x.com', shortMessage: '<img src=x onerror=alert(1)>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.subject).toBe('Sign in to <script>alert("x")</script> Bcc: evil@x.com');
  });

  it('escapes the URL in attributes', () => {
    const tricky = 'https://auth.example.com/l/x?a=1&b="><img src=x>';
    const mail = r.renderEmail({ ...base, url: tricky });
    expect(mail.html).not.toContain('"><img');
    expect(mail.html).toContain('a=1&amp;b=&quot;&gt;&lt;img src=x&gt;');
    expect(mail.text).toContain(tricky);
  });

  it('refuses a non-http URL', () => {
    expect(() => r.renderEmail({ ...base, url: 'javascript:alert(1)' })).toThrow('Link URL must be http(s)');
  });

  it('renders a tenant override with the same variables', () => {
    const mail = r.renderEmail(base, { subject: '{{app_name}}: your link', html: '<p>Hi {{recipient}}, <a href="{{link}}">go</a> {{code}}</p>', text: 'Go: {{link}}' });
    expect(mail).toEqual({ subject: 'Acme: your link', html: `<p>Hi ada@acme.test, <a href="${url}">go</a> 493817</p>`, text: `Go: ${url}` });
  });

  it('sanitizes a custom template as it renders it, however it was saved (checked before the rules existed, or written around the API)', () => {
    const hostile = {
      subject: '{{app_name}}\r\nBcc: eve@example.com',
      html: '<p><a href="{{link}}" onclick="steal()">go</a><script>steal()</script><svg onload="steal()"></svg>'
        + '<a href="java&#x09;script:steal()">x</a><img src="https://cdn.acme.test/a.png" onerror="steal()"><iframe src="https://x.test"></iframe></p>',
      text: 'Go: {{link}}',
    };
    const mail = r.renderEmail(base, hostile);
    expect(mail.html).toBe(`<p><a href="${url}">go</a><a>x</a><img src="https://cdn.acme.test/a.png" /></p>`);
    expect(mail.subject).toBe('Acme Bcc: eve@example.com');
  });

  it.each(SUPPORTED_LANGUAGES)('texts a short sms in %s with the link and the code', (language) => {
    const sms = r.renderSms({ ...base, language, shortMessage: 'Hi' });
    expect(sms).toContain(url);
    expect(sms).toContain('493817');
    expect(sms).not.toMatch(LEFTOVER);
    expect(sms.length).toBeLessThan(200);
  });

  // Passage: channel "phone" with type verify_identifier confirms the phone, so its text says so.
  it('texts a verify link about the phone number, not an email, in every language', () => {
    const texts = Object.fromEntries(SUPPORTED_LANGUAGES.map((language) => [language, r.renderSms({ ...base, type: 'verify_email', language })]));
    expect(texts).toEqual({
      en: expect.stringMatching(/^Confirm your phone number for Acme: /),
      es: expect.stringMatching(/^Confirma tu número de teléfono para Acme: /),
      fr: expect.stringMatching(/^Confirmez votre numéro de téléphone pour Acme: /),
      de: expect.stringMatching(/^Telefonnummer für Acme bestätigen: /),
      pt: expect.stringMatching(/^Confirme seu número de telefone para Acme: /),
    });
    for (const text of Object.values(texts)) expect(text).not.toMatch(/e-?mail|correo/i);
  });

  it('renders fast once compiled (no MJML per message)', () => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) r.renderEmail({ ...base, language: SUPPORTED_LANGUAGES[i % 5] });
    // Generous: ~0.05 ms each on a laptop; MJML per message would take ~10 ms each.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
