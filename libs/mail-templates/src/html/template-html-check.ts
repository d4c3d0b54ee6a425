import { randomBytes } from 'node:crypto';
import { DefaultTreeAdapterMap, parse } from 'parse5';
import { escapeHtml } from '../escape';
import type { TemplateVariable, TemplateView } from '../template-variables';
import { AllBranchesRender, lineOf, MustacheToken, renderAllBranches, TemplateTag } from './all-branches.render';
import { checkEmailHtml, childrenOf, HtmlIssue, isElement } from './email-html-check';
import { EMAIL_HTML, urlProblem } from './email-html-rules';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Realistic values: what a preview shows. */
const SAMPLE: TemplateView = {
  link: 'https://auth.example.com/l/sample-link-preview', code: '123456', app_name: 'Acme', action_name: 'Approve',
  short_message: 'Welcome', expires_in: 'in 15 minutes', recipient: 'ada@example.com', type: 'login', language: 'en',
  logo_url: 'https://cdn.example.com/logo.png', brand_color: '#1d4ed8', footer_text: 'Acme Inc.',
};
/** Free text as hostile as it can be (escaped like any value): what a link request's short_message could say. */
const HOSTILE_TEXT = `javascript:alert(1) x onmouseover=alert(1) style=x:expression(alert(1)) "'><script>alert(1)</script><svg onload=alert(1)>`;
/** The most hostile value each variable can really hold (the link and logo are http(s), the colour is checked by the policy). */
const ADVERSARIAL: TemplateView = {
  ...SAMPLE,
  link: `https://auth.example.com/l/x?${HOSTILE_TEXT}`, logo_url: `https://cdn.example.com/${HOSTILE_TEXT}`,
  app_name: HOSTILE_TEXT, action_name: HOSTILE_TEXT, short_message: HOSTILE_TEXT, recipient: HOSTILE_TEXT, footer_text: HOSTILE_TEXT,
};

type Marker = TemplateTag;
/**
 * Stands for the tag numbered `i`: private-use characters (the tokenizer passes them through as
 * they are, wherever they land) around a nonce of this check, so a template cannot forge one.
 */
function markers(): { make: (i: number) => string; pattern: RegExp } {
  const nonce = randomBytes(6).toString('hex');
  return { make: (i) => `\uE000${nonce}.${i}\uE001`, pattern: new RegExp(`\uE000${nonce}\\.(\\d+)\uE001`, 'g') };
}

/**
 * The HTML of a template as it will be sent, checked three ways, each issue with its source line:
 * where its variables and sections sit (a marker for each, traced through the parse), then the
 * markup rendered with sample values and, when both are clean, with adversarial values.
 */
export function checkTemplateHtml(source: string, tokens: MustacheToken[]): string[] {
  const tags: Marker[] = [];
  const marker = markers();
  const marked = renderAllBranches(tokens, (tag) => marker.make(tags.push(tag) - 1));
  const issues = located(source, marked, placementIssues(marked.html, tags, marker.pattern));
  const sample = renderAllBranches(tokens, (tag) => (tag.kind === 'name' ? escapeHtml(SAMPLE[tag.name as TemplateVariable] ?? '') : ''));
  issues.push(...located(source, sample, checkEmailHtml(sample.html)));
  if (issues.length === 0) {
    const hostile = renderAllBranches(tokens, (tag) => (tag.kind === 'name' ? escapeHtml(ADVERSARIAL[tag.name as TemplateVariable] ?? '') : ''));
    issues.push(...located(source, hostile, checkEmailHtml(hostile.html)).map((m) => `a variable's value would add markup: ${m}`));
  }
  return [...new Set(issues)];
}

function located(source: string, rendered: AllBranchesRender, issues: HtmlIssue[]): string[] {
  return issues.map((i) => `${i.message} (line ${lineOf(source, rendered.sourceOffset(i.offset))})`);
}

function tagOf(m: Marker): string {
  return m.kind === 'name' ? `{{${m.name}}}` : `{{${m.kind === 'open' ? m.sigil : '/'}${m.name}}}`;
}

/**
 * Where tags may go. Variables are HTML-escaped, which is enough in element text and quoted
 * attribute values, not in an unquoted value (a space starts a new attribute), a raw-text element
 * (<style>), a URL's scheme or CSS. Section tags must sit between tags and text: one opening or
 * closing inside a tag or a comment would let two sections assemble markup no single render shows.
 */
function placementIssues(html: string, tags: Marker[], pattern: RegExp): HtmlIssue[] {
  const issues: HtmlIssue[] = [];
  const found = (text: string) => [...text.matchAll(pattern)].map((m) => ({ marker: tags[Number(m[1])], index: m.index ?? 0 }));
  const visit = (node: Node) => {
    const offset = ('sourceCodeLocation' in node && node.sourceCodeLocation?.startOffset) || 0;
    if (node.nodeName === '#comment' && 'data' in node) {
      for (const { marker } of found(node.data)) {
        if (marker.kind !== 'name') issues.push({ message: `${tagOf(marker)} must not be inside an HTML comment`, offset });
      }
    } else if (node.nodeName === '#text' && 'value' in node) {
      const parent = node.parentNode && isElement(node.parentNode) ? node.parentNode.tagName : '';
      for (const { marker, index } of found(node.value)) {
        if ((EMAIL_HTML.rawTextElements as readonly string[]).includes(parent)) {
          issues.push({ message: `${tagOf(marker)} is not allowed inside <${parent}>`, offset });
        } else if (marker.kind !== 'name' && (EMAIL_HTML.rcdataElements as readonly string[]).includes(parent)) {
          issues.push({ message: `${tagOf(marker)} is not allowed inside <${parent}>`, offset });
        } else if (/<[/!?]?$/.test(node.value.slice(0, index))) {
          issues.push({ message: `${tagOf(marker)} must not follow "<": a tag's name cannot come from a template tag`, offset });
        }
      }
    } else if (isElement(node)) {
      issues.push(...elementPlacement(html, node, found, pattern, offset));
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(parse(html, { sourceCodeLocationInfo: true }));
  return issues;
}

function elementPlacement(
  html: string, el: Element, found: (text: string) => { marker: Marker; index: number }[], pattern: RegExp, offset: number,
): HtmlIssue[] {
  const issues: HtmlIssue[] = [];
  const tag = el.tagName.replace(pattern, '…');
  for (const { marker } of found(el.tagName)) issues.push({ message: `${tagOf(marker)} must not be part of a tag name`, offset });
  for (const attr of el.attrs) {
    for (const { marker } of found(attr.name)) issues.push({ message: `${tagOf(marker)} must not be part of an attribute name on <${tag}>`, offset });
    const inValue = found(attr.value);
    if (inValue.length === 0) continue;
    const where = `the ${attr.name} attribute of <${tag}>`;
    for (const { marker } of inValue) {
      if (marker.kind !== 'name') issues.push({ message: `${tagOf(marker)} must not be inside a tag (${where})`, offset });
    }
    const names = inValue.filter((f) => f.marker.kind === 'name');
    if (names.length === 0) continue;
    const location = el.sourceCodeLocation?.attrs?.[attr.name];
    if (location && !/^[^=]*=\s*["']/.test(html.slice(location.startOffset, location.endOffset))) {
      issues.push({ message: `${where} holds ${tagOf(names[0].marker)} but is not quoted: write ${attr.name}="…"`, offset });
    }
    const rules = EMAIL_HTML.variablesInAttributes;
    if ((rules.cssAttributes as readonly string[]).includes(attr.name)) {
      for (const { marker } of names) {
        if (!rules.css.includes(marker.name as TemplateVariable)) {
          issues.push({ message: `${tagOf(marker)} is not allowed in ${where}: only ${rules.css.map((n) => `{{${n}}}`).join(', ')} may be used in CSS`, offset });
        }
      }
    }
    const urlKind = EMAIL_HTML.urlAttributes[attr.name];
    if (urlKind) {
      const first = names[0];
      const prefix = attr.value.slice(0, first.index).replace(pattern, '');
      const startsWithUrl = prefix.trim() === '' && rules.urlStart.includes(first.marker.name as TemplateVariable);
      if (!startsWithUrl && (prefix.trim() === '' || urlProblem(urlKind, prefix) !== null)) {
        issues.push({
          message: `${tagOf(first.marker)} must not begin the URL in ${where}: start it with ${rules.urlStart.map((n) => `{{${n}}}`).join(' or ')}, or a literal https://`,
          offset,
        });
      }
    }
  }
  return issues;
}
