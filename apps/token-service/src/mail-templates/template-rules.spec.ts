import { SesameError } from '@sesame/domain';
import { templateKey, validTemplates } from './template-rules';

const valid = { subject: 'Sign in to {{app_name}}', html: '<p><a href="{{link}}">Sign in</a></p>', text: 'Sign in: {{link}}' };

function errorOf(fn: () => unknown): SesameError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SesameError) return err;
    throw err;
  }
  throw new Error('expected a SesameError');
}

describe('templateKey', () => {
  it('takes a link type and a supported language', () => {
    expect(templateKey('password_reset', 'de')).toEqual({ type: 'password_reset', language: 'de' });
  });

  it.each([
    ['nope', 'en', 'unknown_type', 400],
    ['LOGIN', 'en', 'unknown_type', 400],
    ['login', 'it', 'unsupported_language', 400],
    ['login', 'pt-BR', 'unsupported_language', 400],
  ])('refuses %s/%s with %s', (type, language, code, status) => {
    const err = errorOf(() => templateKey(type, language));
    expect({ code: err.code, status: err.status }).toEqual({ code, status });
  });
});

describe('validTemplates', () => {
  it('returns the three templates when they may be saved', () => {
    expect(validTemplates({ ...valid, extra: 'ignored' } as typeof valid)).toEqual(valid);
  });

  it('lists every issue with its field in details.issues, as 400 invalid_template', () => {
    const err = errorOf(() => validTemplates({
      subject: 'Hi {{{app_name}}}',
      html: '<script>alert(1)</script><a href="{{link}}" onclick="x()">{{unknown}}</a>',
      text: 'no link here',
    }));
    expect(err.code).toBe('invalid_template');
    expect(err.status).toBe(400);
    const issues = err.details?.issues as { field: string; message: string }[];
    expect(issues).toEqual(expect.arrayContaining([
      { field: 'subject', message: expect.stringContaining('unescaped output') },
      { field: 'html', message: '<script> is not allowed (line 1)' },
      { field: 'html', message: 'event-handler attribute onclick on <a> is not allowed (line 1)' },
      { field: 'html', message: expect.stringContaining('unknown variable {{unknown}}') },
      { field: 'text', message: 'must contain the link: {{link}}' },
    ]));
    expect(issues).toHaveLength(5);
    for (const i of issues) expect(err.message).toContain(`${i.field} ${i.message}`);
  });

  it('reports missing and non-string fields as required', () => {
    const err = errorOf(() => validTemplates({ html: valid.html, text: 42 }));
    expect(err.details?.issues).toEqual([
      { field: 'subject', message: 'is required' },
      { field: 'text', message: 'is required' },
    ]);
  });
});
