import sanitizeHtml from 'sanitize-html';
import { attributeProblem, CONTENT_DROPPED_WITH, cssProblem, EMAIL_HTML } from './email-html-rules';

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': [...EMAIL_HTML.globalAttributes],
  ...Object.fromEntries(Object.entries(EMAIL_HTML.elements).map(([tag, attrs]) => [tag, [...attrs]])),
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: Object.keys(EMAIL_HTML.elements),
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: [...new Set(Object.values(EMAIL_HTML.schemes).flat())],
  allowedSchemesByTag: { img: [...EMAIL_HTML.schemes.image] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Kept byte for byte (checked by attributeProblem below): re-printing them through postcss costs
  // time per attribute and would change what the save-time check saw.
  parseStyleAttributes: false,
  nonTextTags: CONTENT_DROPPED_WITH,
  // <style> is on the allow-list on purpose (responsive email needs media queries): its CSS goes
  // through cssProblem below, and the element is dropped whole when that finds anything.
  allowVulnerableTags: true,
  // The same rule as the save-time check, value by value, after the parser decoded entities.
  transformTags: {
    '*': (tagName, attribs) => ({
      tagName,
      attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => attributeProblem(tagName, name, value) === null)),
    }),
  },
  exclusiveFilter: (frame) => (EMAIL_HTML.cssElements as readonly string[]).includes(frame.tag) && cssProblem(frame.text) !== null,
};

/**
 * A custom template's HTML as it is sent: only what email-html-rules.ts allows, whatever the
 * template was checked against when it was saved (templates saved before a rule existed, or rows
 * written around the API, cannot send script). Comments are dropped, Outlook conditional comments
 * included; a leading doctype is kept (without it clients render in quirks mode).
 */
export function sanitizeEmailHtml(html: string): string {
  const clean = sanitizeHtml(html, OPTIONS);
  return /^\s*<!doctype html>/i.test(html) ? `<!doctype html>\n${clean}` : clean;
}
