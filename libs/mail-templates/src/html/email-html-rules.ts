import type { TemplateVariable } from '../template-variables';

/** What a URL attribute points at: a link may also be http, mailto or tel; an image is https only. */
export type UrlKind = 'link' | 'image';

const TABLE_CELL = ['colspan', 'rowspan', 'nowrap', 'scope', 'background'];
const NONE: readonly string[] = [];

/**
 * The one allow-list of an email's HTML: the save-time check (email-html-check.ts) refuses
 * anything outside it, and the send-time sanitizer (email-html-sanitizer.ts) drops anything
 * outside it, so what passes the check is what is sent. Everything not listed is refused: script,
 * SVG and MathML, iframe/object/embed, forms, base, link, template, noscript, every `on…` handler,
 * srcdoc, formaction, xlink:href. Email clients strip most of these anyway; the point is that
 * none of our recipients' clients (or our dev mailbox) is trusted to.
 */
export const EMAIL_HTML = {
  /** Elements, each with the attributes it may carry beyond `globalAttributes`. */
  elements: {
    html: ['xmlns', 'xmlns:v', 'xmlns:o'], head: NONE, body: NONE, title: NONE,
    meta: ['http-equiv', 'content', 'name', 'charset'], style: ['type', 'media'],
    div: NONE, span: NONE, p: NONE, br: NONE, hr: NONE, center: NONE, blockquote: NONE, pre: NONE, code: NONE,
    h1: NONE, h2: NONE, h3: NONE, h4: NONE, h5: NONE, h6: NONE,
    a: ['href', 'target', 'rel', 'name'], img: ['src', 'alt', 'border'],
    table: ['border', 'cellpadding', 'cellspacing', 'summary', 'background'], caption: NONE,
    thead: NONE, tbody: NONE, tfoot: NONE, tr: NONE, td: TABLE_CELL, th: TABLE_CELL, colgroup: ['span'], col: ['span'],
    ul: ['type'], ol: ['start', 'type'], li: NONE, dl: NONE, dt: NONE, dd: NONE,
    font: ['color', 'face', 'size'], b: NONE, strong: NONE, i: NONE, em: NONE, u: NONE, s: NONE, strike: NONE,
    small: NONE, big: NONE, sup: NONE, sub: NONE, abbr: NONE, address: NONE, cite: NONE, q: NONE, mark: NONE,
    del: NONE, ins: NONE, tt: NONE, wbr: NONE,
    article: NONE, section: NONE, header: NONE, footer: NONE, main: NONE, figure: NONE, figcaption: NONE,
  } as Readonly<Record<string, readonly string[]>>,
  /** Attributes any listed element may carry; `aria-*` is a prefix. */
  globalAttributes: ['style', 'class', 'id', 'dir', 'lang', 'title', 'align', 'valign', 'width', 'height', 'bgcolor', 'role', 'aria-*'],
  /** Attributes holding a URL, checked after entity decoding with whitespace and control characters removed. */
  urlAttributes: { href: 'link', src: 'image', background: 'image' } as Readonly<Record<string, UrlKind>>,
  schemes: { link: ['https', 'http', 'mailto', 'tel'], image: ['https'] } as Readonly<Record<UrlKind, readonly string[]>>,
  /** Attributes and elements whose content is CSS (checked by cssProblem). */
  cssAttributes: ['style'],
  cssElements: ['style'],
  /** Attribute values limited further: a meta may state the content type, never refresh or set cookies. */
  attributeValues: {
    'http-equiv': /^(content-type|x-ua-compatible)$/i,
    target: /^_(blank|self|parent|top)$/i,
  } as Readonly<Record<string, RegExp>>,
  /**
   * Where a variable may go inside a tag (element text may hold any): any quoted attribute but
   * these, where a value chosen by whoever asks for a link (action_name, short_message) or by the
   * tenant's policy could become a script URL or CSS.
   */
  variablesInAttributes: {
    /**
     * A URL may begin with one of these (always http(s): the link is ours, the logo is checked by
     * the policy), and may hold any variable after a literal scheme (`https://…?name={{app_name}}`).
     */
    urlStart: ['link', 'logo_url'] as readonly TemplateVariable[],
    /** CSS and colour attributes may hold only the policy's checked colour. */
    css: ['brand_color'] as readonly TemplateVariable[],
    cssAttributes: ['style', 'bgcolor', 'color'],
  },
  /** Elements whose content the HTML parser does not read as markup: no variable or section inside. */
  rawTextElements: ['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext'],
  /** Elements whose content is text with entities: variables (escaped) may go there, sections may not. */
  rcdataElements: ['title', 'textarea'],
} as const;

/** Elements whose content is dropped with them (not shown as text) when the sanitizer removes them. */
export const CONTENT_DROPPED_WITH = ['script', 'style', 'textarea', 'option', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'template', 'svg', 'math'];

export function elementAllowed(tag: string): boolean {
  return Object.prototype.hasOwnProperty.call(EMAIL_HTML.elements, tag);
}

/** Why this attribute may not be on this (allowed) element with this value; null when it may. */
export function attributeProblem(tag: string, name: string, value: string): string | null {
  if (/^on/i.test(name)) return `event-handler attribute ${name} on <${tag}> is not allowed`;
  const allowed = EMAIL_HTML.elements[tag]?.includes(name) || EMAIL_HTML.globalAttributes.some((g) =>
    g.endsWith('*') ? name.startsWith(g.slice(0, -1)) && /^[a-z-]+$/.test(name) : g === name);
  if (!allowed) return `attribute ${name} on <${tag}> is not allowed`;
  const kind = EMAIL_HTML.urlAttributes[name];
  if (kind) {
    const problem = urlProblem(kind, value);
    if (problem) return `${name} on <${tag}> ${problem}`;
  }
  if ((EMAIL_HTML.cssAttributes as readonly string[]).includes(name)) {
    const problem = cssProblem(value);
    if (problem) return `${name} on <${tag}>: ${problem}`;
  }
  const pattern = EMAIL_HTML.attributeValues[name];
  if (pattern && !pattern.test(value.trim())) return `${name}="${value}" on <${tag}> is not allowed`;
  return null;
}

/**
 * Why a URL may not be used; null when it may. Browsers drop tabs and newlines anywhere in a URL
 * and spaces and control characters around it (WHATWG URL §4.4), so "java&#9;script:" is
 * javascript: — they are removed before the scheme is read. Relative URLs mean nothing in an email.
 */
export function urlProblem(kind: UrlKind, value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const url = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  if (kind === 'link' && url.startsWith('#')) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  const schemes = EMAIL_HTML.schemes[kind];
  if (!scheme) return `must be an absolute ${schemes.join(', ')} URL`;
  if (!schemes.includes(scheme)) return `must be an ${schemes.join(', ')} URL, not ${scheme}:`;
  return null;
}

const CSS_REFUSED: [RegExp, string][] = [
  [/expression\(/, 'expression() is not allowed in CSS'],
  [/(java|vb)script:/, 'script URLs are not allowed in CSS'],
  [/behaviou?r:|-moz-binding/, 'behavior and -moz-binding are not allowed in CSS'],
  [/@import/, '@import is not allowed in CSS'],
  [/image-set\(|image\(|cross-fade\(|element\(|src\(/, 'images in CSS must use url(https://…)'],
];

/** Why this CSS (a style attribute or element) may not be sent; null when it may. */
export function cssProblem(css: string): string | null {
  const plain = decodeCss(css).toLowerCase().replace(/\s+/g, '');
  for (const [pattern, message] of CSS_REFUSED) if (pattern.test(plain)) return message;
  for (const m of plain.matchAll(/url\((?:(["'])(.*?)\1|([^)]*))\)/g)) {
    const problem = urlProblem('image', m[2] ?? m[3] ?? '');
    if (problem) return `url() in CSS ${problem}`;
  }
  return null;
}

/** CSS as a browser reads it: comments gone, escapes (`\65 xpression`, `\:`) decoded (CSS Syntax §4.3.7). */
function decodeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    .replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?/g, (_m, hex: string) => {
      const code = parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(/\\\r?\n/g, '')
    .replace(/\\(.)/g, '$1');
}
