import { resolveLanguage, supportedLanguage } from './language';
import { isE164 } from './delivery';

describe('supportedLanguage', () => {
  it.each([
    ['en', 'en'], ['pt-BR', 'pt'], ['DE', 'de'], ['fr_CA', 'fr'], ['es-419', 'es'],
    ['xx', null], ['it', null], ['', null], [null, null], ['english', null], ['e', null], ['en-', null],
  ])('%s → %s', (tag, expected) => {
    expect(supportedLanguage(tag)).toBe(expected);
  });
});

describe('resolveLanguage', () => {
  it('takes the request, else the user, else the tenant default, else English', () => {
    expect(resolveLanguage('fr', 'de', 'es')).toBe('fr');
    expect(resolveLanguage(null, 'de', 'es')).toBe('de');
    expect(resolveLanguage('it', null, 'es')).toBe('es');
    expect(resolveLanguage(undefined, 'zz', 'ja')).toBe('en');
  });
});

describe('isE164', () => {
  it.each([['+14155550100', true], ['+442071838750', true], ['14155550100', false], ['+0123456789', false], ['+1 415 555', false], ['+1234567890123456', false]])(
    '%s → %s',
    (phone, ok) => expect(isE164(phone)).toBe(ok),
  );
});
