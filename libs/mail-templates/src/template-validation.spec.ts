import { validateTemplates } from './template-validation';

const ok = { subject: 'Sign in to {{app_name}}', html: '<p><a href="{{link}}">Sign in</a>{{#code}} {{code}}{{/code}}</p>', text: 'Sign in: {{link}}' };

describe('validateTemplates', () => {
  it('accepts known variables and sections', () => {
    expect(validateTemplates(ok)).toEqual([]);
  });

  it.each([
    ['a script tag', { html: '<p><a href="{{link}}">x</a><script>steal()</script></p>' }, 'html', 'script elements are not allowed'],
    ['an event handler', { html: '<img src="x" onerror="steal()"><a href="{{link}}">x</a>' }, 'html', 'event-handler attributes (on…=) are not allowed'],
    ['a javascript: URL', { html: '<a href="javascript:alert(1)">x</a> {{link}}' }, 'html', 'javascript: URLs are not allowed'],
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
  ])('refuses %s', (_name, over, field, message) => {
    const issues = validateTemplates({ ...ok, ...over });
    expect(issues).toContainEqual({ field, message: expect.stringContaining(message) });
  });
});
