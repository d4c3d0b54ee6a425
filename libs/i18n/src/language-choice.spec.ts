import { chooseLanguage, preferredLanguage } from './language-choice';

describe('choosing a page language', () => {
  it('the link first, then Accept-Language, then the tenant default, then English', () => {
    expect(chooseLanguage({ link: 'es', acceptLanguage: 'fr', tenantDefault: 'de' })).toBe('es');
    expect(chooseLanguage({ link: null, acceptLanguage: 'fr', tenantDefault: 'de' })).toBe('fr');
    expect(chooseLanguage({ link: 'ja', acceptLanguage: 'ja, zh;q=0.5', tenantDefault: 'pt-BR' })).toBe('pt');
    expect(chooseLanguage({})).toBe('en');
  });

  it('reads Accept-Language by quality, ties in order, regional tags as their language, q=0 as "not this"', () => {
    expect(preferredLanguage('ja, de;q=0.5, fr;q=0.8')).toBe('fr');
    expect(preferredLanguage('pt-BR, en;q=0.9')).toBe('pt');
    expect(preferredLanguage('de;q=0.7, es;q=0.7')).toBe('de');
    expect(preferredLanguage('fr;q=0, es')).toBe('es');
    expect(preferredLanguage('*')).toBeNull();
    expect(preferredLanguage(['ja', 'de'])).toBe('de');
    expect(preferredLanguage('')).toBeNull();
    expect(preferredLanguage('en;q=abc')).toBeNull();
  });
});
