import { tenantWith } from '../testing/page-tenant';
import { layout, pageHeaders } from './html';
import { pageContext } from './page-context';

describe('the hosted page layout', () => {
  const branded = tenantWith({
    app: { name: 'Acme', default_language: 'de' },
    branding: {
      logo_url: 'https://cdn.acme.test/img/logo.png', favicon_url: 'https://static.acme.test/favicon.png',
      primary_color: '#b33c00', footer: 'Acme Inc., 1 Main St', support_url: 'https://help.acme.test/',
    },
  });

  it('the CSP admits exactly the logo and favicon origins for images, nothing else', () => {
    const csp = pageHeaders(pageContext(branded))['content-security-policy'];
    expect(csp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src https://cdn.acme.test https://static.acme.test; frame-ancestors 'none'; base-uri 'none'");
    const logoOnly = tenantWith({ branding: { logo_url: 'http://127.0.0.1:8123/logo.png' } });
    expect(pageHeaders(pageContext(logoOnly))['content-security-policy']).toContain("img-src http://127.0.0.1:8123; ");
    expect(pageHeaders(pageContext(tenantWith()))['content-security-policy']).toContain("img-src 'none'; ");
    expect(pageHeaders(pageContext(null))['content-security-policy']).not.toMatch(/script-src|https:/);
  });

  it('wears the tenant branding: logo, colour with its readable text colour, favicon, footer, support link', () => {
    const html = layout(pageContext(branded, 'en'), 'Title', '<h1>Hi</h1>');
    expect(html).toContain('<img src="https://cdn.acme.test/img/logo.png" alt="Acme logo">');
    expect(html).toContain(':root { --brand: #b33c00; --on-brand: #ffffff; --link: #b33c00; }');
    expect(html).toContain('<link rel="icon" href="https://static.acme.test/favicon.png">');
    expect(html).toContain('<footer><p>Acme Inc., 1 Main St</p><p><a href="https://help.acme.test/">Help and support</a></p></footer>');
  });

  it('a colour saved before the contrast check still renders legibly: dark text, default link colour', () => {
    const html = layout(pageContext(tenantWith({ branding: { primary_color: '#ffcc00' } })), 'T', '');
    expect(html).toContain(':root { --brand: #ffcc00; --on-brand: #111111; --link: #1d4ed8; }');
  });

  it('sets <html lang> from the language chosen: the link, then Accept-Language, then the tenant default', () => {
    const lang = (accept: string | undefined, link?: string) => /<html lang="(\w+)">/.exec(layout(pageContext(branded, accept, link), 'T', ''))?.[1];
    expect(lang('fr-CA,fr;q=0.9', 'es')).toBe('es');
    expect(lang('fr-CA,fr;q=0.9')).toBe('fr');
    expect(lang('ja')).toBe('de');
    expect(lang(undefined)).toBe('de');
  });

  it('escapes everything the tenant configures', () => {
    const hostile = tenantWith({ app: { name: '"><b>x' }, branding: { footer: '<script>alert(1)</script>', logo_url: 'https://cdn.acme.test/a.png?"onload="x' } });
    const html = layout(pageContext(hostile), 'T', '');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('"onload="x');
    expect(html).not.toContain('"><b>x');
  });
});
