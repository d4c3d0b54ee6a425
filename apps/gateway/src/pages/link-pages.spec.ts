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

  it.each([['invalid', 404], ['expired', 410], ['used', 410], ['revoked', 410]] as const)('%s page answers %i', (kind, status) => {
    expect(problemPage(kind).status).toBe(status);
  });
});
