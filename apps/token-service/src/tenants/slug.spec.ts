import { slugify, withSuffix } from './slug';

describe('slugify', () => {
  it.each([
    ['Acme Corp!', 'acme-corp'],
    ['  Ça va? Über ', 'ca-va-uber'],
    ['***', 'tenant'],
    ['a'.repeat(80), 'a'.repeat(48)],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('suffixes to avoid a collision', () => {
    expect(withSuffix('acme')).toMatch(/^acme-[0-9a-f]{6}$/);
  });
});
