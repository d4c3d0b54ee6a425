import { SesameError } from '@sesame/domain';
import { tenantWith } from '../testing/page-tenant';
import { brandingPreview } from './branding-preview';
import { pageHeaders } from './html';

describe('branding preview', () => {
  const tenant = tenantWith({ branding: { primary_color: '#0f766e', logo_url: 'https://cdn.acme.test/logo.png' } });
  const refusal = (query: Record<string, unknown>): SesameError => {
    try {
      brandingPreview(tenant, query);
    } catch (err) {
      return err as SesameError;
    }
    throw new Error('expected a refusal');
  };

  it('renders the saved branding by default: the confirm page in the tenant language', () => {
    const { ctx, page } = brandingPreview(tenant, {});
    expect(page.html).toContain('--brand: #0f766e;');
    expect(page.html).toContain('<img src="https://cdn.acme.test/logo.png"');
    expect(page.html).toContain('<html lang="en">');
    expect(pageHeaders(ctx)['content-security-policy']).toContain('img-src https://cdn.acme.test;');
  });

  it('renders a proposed branding without saving it: fields replace, empty clears', () => {
    const { ctx, page } = brandingPreview(tenant, { page: 'sign_in', language: 'fr', primary_color: '#7c2d12', logo_url: '', footer: 'Acme SA' });
    expect(page.html).toContain('--brand: #7c2d12;');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain('<h1>Connexion à Acme</h1>');
    expect(page.html).toContain('<footer><p>Acme SA</p></footer>');
    expect(pageHeaders(ctx)['content-security-policy']).toContain("img-src 'none';");
    expect(tenant.policy.branding.primary_color).toBe('#0f766e');
  });

  it('each sample page renders, the waiting one without refreshing itself', () => {
    for (const page of ['confirm', 'expired', 'sign_in', 'waiting']) expect(brandingPreview(tenant, { page }).page.html).toContain('</main>');
    expect(brandingPreview(tenant, { page: 'waiting' }).page.html).not.toContain('http-equiv="refresh"');
  });

  it('refuses what a policy PATCH would refuse, and unknown pages or languages', () => {
    const low = refusal({ primary_color: '#ff5500' });
    expect([low.code, low.details?.issues]).toEqual(['validation_failed', [expect.objectContaining({ path: 'branding.primary_color' })]]);
    expect(refusal({ logo_url: 'http://cdn.acme.test/l.png' }).code).toBe('validation_failed');
    expect(refusal({ page: 'admin' }).code).toBe('validation_failed');
    expect(refusal({ page: '__proto__' }).code).toBe('validation_failed');
    expect(refusal({ language: 'ja' }).code).toBe('unsupported_language');
    expect(refusal({ footer: ['a', 'b'] }).code).toBe('validation_failed');
  });
});
