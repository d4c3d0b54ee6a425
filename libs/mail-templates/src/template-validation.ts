import Mustache from 'mustache';
import type { MustacheToken } from './html/all-branches.render';
import { checkTemplateHtml } from './html/template-html-check';
import type { MessageTemplates } from './link-message.renderer';
import { TEMPLATE_VARIABLES } from './template-variables';

export interface TemplateIssue {
  field: 'subject' | 'html' | 'text';
  message: string;
}

export const MAX_TEMPLATE_LENGTH = { subject: 500, html: 100_000, text: 20_000 } as const;

type Token = MustacheToken;

/**
 * Checks a tenant's override before it is saved. Templates are logic-less Mustache: variables
 * (always escaped in HTML) and sections over the known variables only; triple mustaches and `&`
 * (unescaped output), partials and delimiter changes are refused, and the link must appear in the
 * HTML and the text. The HTML is checked as it will be sent (html/template-html-check.ts): rendered,
 * parsed like a browser does, held to the allow-list of html/email-html-rules.ts. The subject is
 * one line (a header). Returns every issue, empty when the templates may be saved.
 */
export function validateTemplates(t: MessageTemplates): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const field of ['subject', 'html', 'text'] as const) {
    const source = t[field];
    if (typeof source !== 'string' || source.trim() === '') {
      issues.push({ field, message: 'is required' });
      continue;
    }
    if (source.length > MAX_TEMPLATE_LENGTH[field]) {
      issues.push({ field, message: `must be at most ${MAX_TEMPLATE_LENGTH[field]} characters` });
      continue;
    }
    let tokens: Token[];
    try {
      tokens = Mustache.parse(source) as Token[];
    } catch (err) {
      issues.push({ field, message: `is not a valid template: ${(err as Error).message}` });
      continue;
    }
    const names = new Set<string>();
    walk(tokens, field, issues, names);
    if (field !== 'subject' && !names.has('link')) issues.push({ field, message: 'must contain the link: {{link}}' });
    // eslint-disable-next-line no-control-regex
    if (field === 'subject' && /[\u0000-\u001f\u007f\u2028\u2029]/.test(source)) {
      issues.push({ field, message: 'must be one line: no line breaks or control characters' });
    }
    if (field === 'html') for (const message of checkTemplateHtml(source, tokens)) issues.push({ field, message });
  }
  return issues;
}

function walk(tokens: Token[], field: TemplateIssue['field'], issues: TemplateIssue[], names: Set<string>): void {
  for (const [kind, value, , , children] of tokens) {
    switch (kind) {
      case 'text':
      case '!':
        break;
      case 'name':
      case '#':
      case '^':
        if (!Object.prototype.hasOwnProperty.call(TEMPLATE_VARIABLES, value)) {
          issues.push({ field, message: `unknown variable {{${value}}}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}` });
        } else {
          names.add(value);
        }
        if (children) walk(children, field, issues, names);
        break;
      case '&':
      case '{':
        issues.push({ field, message: `unescaped output ({{{${value}}}} or {{& ${value}}}) is not allowed` });
        break;
      case '>':
        issues.push({ field, message: 'partials ({{> …}}) are not allowed' });
        break;
      case '=':
        issues.push({ field, message: 'changing delimiters is not allowed' });
        break;
      default:
        issues.push({ field, message: `template tag "${kind}" is not allowed` });
    }
  }
}
