import { userAgentOf } from './user-agent';

const of = (ua: unknown) => userAgentOf({ headers: { 'user-agent': ua as string } });

describe('userAgentOf', () => {
  it('keeps an ordinary user agent as sent', () => {
    expect(of('Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0')).toBe('Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0');
  });

  it('drops control characters instead of refusing the request', () => {
    expect(of('curl/8\u0001\u001f\u007f.0\t')).toBe('curl/8.0');
  });

  it('caps the length at 512 and treats an empty or missing header as none', () => {
    expect(of('a'.repeat(600))).toHaveLength(512);
    expect(of('\u0001')).toBeNull();
    expect(of(undefined)).toBeNull();
    expect(of(['a', 'b'])).toBeNull();
  });
});
