import { TOKEN_PATTERN, generateToken, isWellFormedToken } from './token';

describe('generateToken', () => {
  it('is 43 base64url characters', () => {
    for (let i = 0; i < 200; i++) {
      const t = generateToken();
      expect(t).toHaveLength(43);
      expect(t).toMatch(TOKEN_PATTERN);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 2000 }, generateToken));
    expect(seen.size).toBe(2000);
  });
});

describe('isWellFormedToken', () => {
  it.each([
    ['generated', generateToken(), true],
    ['too short', 'a'.repeat(42), false],
    ['too long', 'a'.repeat(44), false],
    ['padding', `${'a'.repeat(42)}=`, false],
    ['plus (base64, not base64url)', `${'a'.repeat(42)}+`, false],
    ['trailing newline', `${'a'.repeat(43)}\n`, false],
    ['not a string', 42, false],
    ['undefined', undefined, false],
  ])('%s', (_name, value, expected) => {
    expect(isWellFormedToken(value)).toBe(expected);
  });
});
