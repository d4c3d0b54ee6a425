import Mustache from 'mustache';
import { DefaultTreeAdapterMap, parse } from 'parse5';
import { LINK_TYPES, SUPPORTED_LANGUAGES } from '@sesame/domain';
import { BYPASS_ATTEMPTS } from './html/bypass-attempts.fixture';
import { checkEmailHtml } from './html/email-html-check';
import { sanitizeEmailHtml } from './html/email-html-sanitizer';
import { LinkMessageRenderer } from './link-message.renderer';
import { sampleMessageInput } from './template-preview';
import { validateTemplates } from './template-validation';

const ok = { subject: 'Sign in to {{app_name}}', html: '<p><a href="{{link}}">Sign in</a>{{#code}} {{code}}{{/code}}</p>', text: 'Sign in: {{link}}' };
const withLink = (html: string) => `<p><a href="{{link}}">Sign in</a></p>\n${html}`;
const htmlIssues = (html: string) => validateTemplates({ ...ok, html }).filter((i) => i.field === 'html').map((i) => i.message);

describe('validateTemplates', () => {
  it('accepts known variables and sections', () => {
    expect(validateTemplates(ok)).toEqual([]);
  });

  it.each([
    ['an unknown variable', { text: 'Hi {{first_name}}: {{link}}' }, 'text', 'unknown variable {{first_name}}'],
    ['an unknown section', { subject: '{{#admin}}x{{/admin}}' }, 'subject', 'unknown variable {{admin}}'],
    ['a triple mustache', { html: '<a href="{{link}}">{{{app_name}}}</a>' }, 'html', 'unescaped output'],
    ['an ampersand tag', { html: '<a href="{{link}}">{{& app_name}}</a>' }, 'html', 'unescaped output'],
    ['a partial', { text: '{{> footer}} {{link}}' }, 'text', 'partials'],
    ['a delimiter change', { text: '{{=<% %>=}} <% link %>' }, 'text', 'changing delimiters'],
    ['no link in html', { html: '<p>Hello</p>' }, 'html', 'must contain the link'],
    ['no link in text', { text: 'Hello' }, 'text', 'must contain the link'],
    ['an empty subject', { subject: ' ' }, 'subject', 'is required'],
    ['an unclosed section', { text: '{{#code}} {{link}}' }, 'text', 'is not a valid template'],
    ['a subject with a line break (a forged header)', { subject: 'Hi\r\nBcc: eve@example.com' }, 'subject', 'must be one line'],
  ])('refuses %s', (_name, over, field, message) => {
    const issues = validateTemplates({ ...ok, ...over });
    expect(issues).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  describe('refuses markup that would be sent as script, however it is written', () => {
    it('has at least 30 attempts to refuse', () => {
      expect(BYPASS_ATTEMPTS.length).toBeGreaterThanOrEqual(30);
    });

    it.each(BYPASS_ATTEMPTS)('%s', (_name, html, issue) => {
      const issues = htmlIssues(withLink(html));
      expect(issues).toContainEqual(expect.stringContaining(issue));
      // Every issue says where: the line of the template (the attempt starts on line 2).
      for (const message of issues) expect(message).toMatch(/ \(line [2-9]\)$/);
    });
  });

  describe('refuses template tags where escaping does not protect', () => {
    it.each([
      ['a free-text variable as a URL', '<a href="{{short_message}}">x</a>', '{{short_message}} must not begin the URL in the href attribute of <a>'],
      ['a URL scheme assembled from a literal and a variable', '<a href="java{{type}}">x</a>', '{{type}} must not begin the URL'],
      ['an image URL from free text', '<img src="{{app_name}}" alt="">', '{{app_name}} must not begin the URL in the src attribute of <img>'],
      ['a variable in an unquoted attribute', '<img src="{{logo_url}}" alt={{app_name}}>', 'the alt attribute of <img> holds {{app_name}} but is not quoted'],
      ['free text in a style attribute', '<p style="color:{{short_message}}">x</p>', '{{short_message}} is not allowed in the style attribute of <p>'],
      ['free text in bgcolor', '<table><tr><td bgcolor="{{app_name}}">x</td></tr></table>', '{{app_name}} is not allowed in the bgcolor attribute of <td>'],
      ['a variable inside <style>', '<style>p { color: {{brand_color}} }</style>', '{{brand_color}} is not allowed inside <style>'],
      ['a variable naming a tag', '<{{type}}>x', '{{type}} must not follow "<"'],
      ['a variable naming an attribute', '<p {{type}}="x">y</p>', '{{type}} must not be part of an attribute name on <p>'],
      ['a section splitting a tag name', '{{#code}}<scr{{/code}}ipt>alert(1)</script>', '{{/code}} must not be part of a tag name'],
      ['a section after "<"', '{{#code}}<{{/code}}script>alert(1)</script>', '{{/code}} must not follow "<"'],
      ['sections turning a comment off', '{{#code}}<!--{{/code}}<script>alert(1)</script>{{#code}}-->{{/code}}', '{{/code}} must not be inside an HTML comment'],
      ['a section inside a tag', '<a href="{{link}}" {{#code}}onclick="alert(1)"{{/code}}>x</a>', '{{#code}} must not be part of an attribute name on <a>'],
      ['a section inside an attribute value', '<p title="{{#code}}x{{/code}}">y</p>', '{{#code}} must not be inside a tag (the title attribute of <p>)'],
      ['an inverted section inside an attribute value', '<p title="{{^code}}x{{/code}}">y</p>', '{{^code}} must not be inside a tag (the title attribute of <p>)'],
      ['a section inside <title>', '<title>{{#code}}</title>{{/code}}', '{{#code}} is not allowed inside <title>'],
    ])('%s', (_name, html, issue) => {
      expect(htmlIssues(withLink(html))).toContainEqual(expect.stringContaining(issue));
    });

    it('accepts variables where they are safe', () => {
      expect(htmlIssues(`<!doctype html><html><head><title>{{app_name}}</title><style>p{color:#333}</style></head><body>
<p style="border-left:4px solid {{brand_color}}" title="{{short_message}}">{{short_message}} {{expires_in}}</p>
<a href="{{link}}" target="_blank" style="color:{{brand_color}}">{{#action_name}}{{action_name}}{{/action_name}}{{^action_name}}Sign in{{/action_name}}</a>
{{#logo_url}}<img src="{{logo_url}}" alt="{{app_name}}" width="120">{{/logo_url}}
<a href="mailto:support@acme.test?subject={{app_name}}">Help</a> <a href="#top">Top</a>
<!-- {{app_name}} --></body></html>`)).toEqual([]);
    });

    it('names the line of the template, whatever sections and variables come before', () => {
      const html = '<p><a href="{{link}}">{{app_name}}</a></p>\n  {{#code}}\n<p>{{code}}</p>\n  {{/code}}\n{{^logo_url}}<p>{{expires_in}}</p>{{/logo_url}}\n<img src="https://x.test/a.png"\n  onerror="alert(1)">';
      expect(htmlIssues(html)).toEqual(['event-handler attribute onerror on <img> is not allowed (line 6)']);
    });

    it('checks what an adversarial value would make of the markup', () => {
      // Quoted and in text, a hostile short_message stays text: nothing to refuse.
      expect(htmlIssues('<p title="{{short_message}}">{{short_message}}</p><a href="{{link}}?m={{short_message}}">x</a>')).toEqual([]);
    });
  });

  describe('the default templates', () => {
    let renderer: LinkMessageRenderer;
    beforeAll(async () => {
      renderer = LinkMessageRenderer.create();
    }, 60_000);

    // A tenant starts from the default (GET /v1/templates/{type}/{language}): saved unchanged, it must pass.
    it.each(LINK_TYPES.flatMap((type) => SUPPORTED_LANGUAGES.map((language) => [type, language] as const)))('%s in %s pass the check', (type, language) => {
      expect(validateTemplates(renderer.defaults(type, language))).toEqual([]);
    });
  });
});

describe('sanitizeEmailHtml', () => {
  const view = {
    link: 'https://auth.example.com/l/abc', code: '123456', app_name: 'Acme', action_name: '', short_message: '', expires_in: 'in 10 minutes',
    recipient: 'ada@example.com', type: 'login', language: 'en', logo_url: '', brand_color: '#1d4ed8', footer_text: '',
  };

  // The same list the save-time check refuses: rendered as it would be sent had it been saved
  // before the check existed, the sanitizer leaves nothing that check would refuse.
  it.each(BYPASS_ATTEMPTS)('removes %s', (_name, html) => {
    const sent = sanitizeEmailHtml(Mustache.render(withLink(html), view));
    expect(checkEmailHtml(sent)).toEqual([]);
    expect(sent).toContain('<a href="https://auth.example.com/l/abc">Sign in</a>');
  });
});

/** The document as a reader gets it, comments aside: elements with their attributes, and text. */
function shape(html: string): string[] {
  const out: string[] = [];
  const visit = (node: DefaultTreeAdapterMap['node']) => {
    if ('tagName' in node) out.push(`<${node.tagName}${node.attrs.map((a) => ` ${a.name}="${a.value}"`).sort().join('')}>`);
    else if (node.nodeName === '#text' && 'value' in node && node.value.trim()) out.push(node.value.replace(/\s+/g, ' ').trim());
    if ('childNodes' in node) node.childNodes.forEach(visit);
  };
  visit(parse(html));
  return out;
}

describe('sanitizeEmailHtml on the default templates', () => {
  let renderer: LinkMessageRenderer;
  beforeAll(async () => {
    renderer = LinkMessageRenderer.create();
  }, 60_000);

  // Saved unchanged as a custom template, a default is sent as it was: only the comments (Outlook's
  // conditional ones) are gone.
  it.each(LINK_TYPES.flatMap((type) => SUPPORTED_LANGUAGES.map((language) => [type, language] as const)))('%s in %s keeps every element, attribute and text', (type, language) => {
    const input = sampleMessageInput({
      type, language, publicBaseUrl: 'https://auth.example.com', appName: 'Acme <Bank>', actionName: 'Approve', shortMessage: 'Hi & welcome',
      branding: { logo_url: 'https://cdn.acme.test/logo.png', primary_color: '#ff5500', footer: 'Acme Inc.' },
    });
    const asDefault = renderer.renderEmail(input).html;
    const asCustom = renderer.renderEmail(input, renderer.defaults(type, language)).html;
    expect(asCustom).not.toContain('<!--');
    expect(asCustom.startsWith('<!doctype html>')).toBe(true);
    expect(shape(asCustom)).toEqual(shape(asDefault));
    expect(asCustom).toContain('href="https://auth.example.com/l/sample-link-preview"');
    expect(asCustom).toContain('src="https://cdn.acme.test/logo.png"');
  });
});
