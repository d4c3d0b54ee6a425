import { SUPPORTED_LANGUAGES } from '@sesame/domain';
import { CATALOGUES } from './catalogues';

/** Every string of a catalogue with its path (`pages.signIn.codeWrong.one`). */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
}

const tags = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  const en = new Map(strings(CATALOGUES.en));

  it('one per supported language, tagged with its language', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    for (const lang of SUPPORTED_LANGUAGES) expect(CATALOGUES[lang].locale).toBe(lang);
  });

  // The Catalogue type already refuses a missing key; this catches what a type cannot.
  it.each(SUPPORTED_LANGUAGES)('%s has no empty string and the same {{tags}} as English in every string', (lang) => {
    const own = strings(CATALOGUES[lang]);
    expect(own.map(([path]) => path)).toEqual([...en.keys()]);
    for (const [path, value] of own) {
      expect([path, value.trim() === '']).toEqual([path, false]);
      expect([path, tags(value)]).toEqual([path, tags(en.get(path)!)]);
    }
  });
});
