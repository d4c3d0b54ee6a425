import mjml2html from 'mjml';
import { LINK_EMAIL_LAYOUT } from './link-email.layout';
import { layoutWithMarkers, LINK_EMAIL_WORDS, MJML_OPTIONS, WORD_MARKERS, wordMarker } from './link-email.mjml';

describe('the default email layout (link-email.layout.ts)', () => {
  it('is what MJML makes of link-email.mjml.ts today: `npm run email-layout:generate` rewrites it', async () => {
    const { html } = await mjml2html(layoutWithMarkers(), MJML_OPTIONS);
    // A plain toBe would print two 15 KB strings: say which to run instead.
    if (html !== LINK_EMAIL_LAYOUT) throw new Error('link-email.layout.ts is stale: run `npm run email-layout:generate`');
  });

  it('keeps every word\'s place, once or more, and nothing else in brackets', () => {
    for (const word of LINK_EMAIL_WORDS) expect(LINK_EMAIL_LAYOUT).toContain(wordMarker(word));
    const marked = new Set([...LINK_EMAIL_LAYOUT.matchAll(WORD_MARKERS)].map((m) => m[1]));
    expect([...marked].sort()).toEqual([...LINK_EMAIL_WORDS].sort());
  });
});
