import { SesameError } from './errors';
import { resolveMagicLinkPath } from './passage-link';

describe('Passage magic_link_path', () => {
  const origin = 'http://localhost:8080';

  it('defaults to the app\'s login URL and resolves paths against the origin', () => {
    expect(resolveMagicLinkPath(undefined, origin)).toBe('http://localhost:8080/');
    expect(resolveMagicLinkPath('/login?next=%2Fhome', origin)).toBe('http://localhost:8080/login?next=%2Fhome');
    expect(resolveMagicLinkPath('http://localhost:8080/auth', origin)).toBe('http://localhost:8080/auth');
  });

  it.each(['https://evil.example/login', '//evil.example/login', 'javascript:alert(1)', '/a\\b', '/login#x', 'http://u:p@localhost:8080/', 'http://localhost:9090/'])(
    'refuses %s',
    (path) => {
      expect(() => resolveMagicLinkPath(path, origin)).toThrow(SesameError);
    },
  );
});
