import { confirmPage, problemPage } from './link-pages';

describe('hosted link pages', () => {
  const token = 'A'.repeat(43);

  it('confirm page posts to the link and works without JavaScript', () => {
    const html = confirmPage(token, 'login', 'Acme');
    expect(html).toContain(`<form method="post" action="/l/${token}">`);
    expect(html).toContain('<button type="submit">');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes the tenant-controlled app name', () => {
    const html = confirmPage(token, 'login', '<script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('a registration link lands on its Auth Armor action name and short message, escaped', () => {
    const html = confirmPage(token, 'registration', 'My Test Project', { actionName: 'Register', shortMessage: 'Welcome <b>aboard</b>' });
    expect(html).toContain('<h1>Register at My Test Project</h1>');
    expect(html).toContain('Welcome &lt;b&gt;aboard&lt;/b&gt;');
    expect(html).toContain('<button type="submit">Register</button>');
    expect(confirmPage(token, 'registration', 'My Test Project')).toContain('<h1>Finish signing up to My Test Project</h1>');
  });

  it.each([['invalid', 404], ['expired', 410], ['used', 410], ['revoked', 410]] as const)('%s page answers %i', (kind, status) => {
    expect(problemPage(kind).status).toBe(status);
  });
});
