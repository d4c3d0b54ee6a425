import { DefaultTreeAdapterMap, html as spec, parse } from 'parse5';
import { attributeProblem, cssProblem, EMAIL_HTML, elementAllowed } from './email-html-rules';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface HtmlIssue {
  message: string;
  /** Offset in the checked HTML of the element the issue is about. */
  offset: number;
}

/**
 * Parses HTML as a browser does (parse5: the WHATWG tokenizer and tree builder, so comments,
 * entities, case, whitespace, foreign content and misnested markup end up where a mail client puts
 * them) and lists what the allow-list (email-html-rules.ts) refuses. A refused element is reported
 * once, without its content.
 */
export function checkEmailHtml(html: string): HtmlIssue[] {
  const issues: HtmlIssue[] = [];
  visit(parse(html, { sourceCodeLocationInfo: true }), issues);
  return issues;
}

export function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** Children, including a <template>'s content (a separate fragment in the DOM). */
export function childrenOf(node: Node): Node[] {
  const children = 'childNodes' in node ? [...node.childNodes] : [];
  if (isElement(node) && 'content' in node) children.push(...(node as DefaultTreeAdapterMap['template']).content.childNodes);
  return children;
}

function visit(node: Node, issues: HtmlIssue[]): void {
  if (isElement(node)) {
    const offset = node.sourceCodeLocation?.startOffset ?? 0;
    const problem = elementProblem(node);
    if (problem) return void issues.push({ message: problem, offset });
    for (const { name, value } of node.attrs) {
      const attrProblem = attributeProblem(node.tagName, name, value);
      if (attrProblem) issues.push({ message: attrProblem, offset });
    }
    if ((EMAIL_HTML.cssElements as readonly string[]).includes(node.tagName)) {
      const cssIssue = cssProblem(textOf(node));
      if (cssIssue) issues.push({ message: `<${node.tagName}>: ${cssIssue}`, offset });
    }
  }
  for (const child of childrenOf(node)) visit(child, issues);
}

function elementProblem(el: Element): string | null {
  if (el.namespaceURI === spec.NS.SVG) return `<${el.tagName}> (SVG) is not allowed`;
  if (el.namespaceURI === spec.NS.MATHML) return `<${el.tagName}> (MathML) is not allowed`;
  if (!elementAllowed(el.tagName)) return `<${el.tagName}> is not allowed`;
  return null;
}

function textOf(el: Element): string {
  return el.childNodes.map((c) => ('value' in c && c.nodeName === '#text' ? c.value : '')).join('');
}
