import { generateToken } from './token';
import { TokenHasher } from './token-hasher';
import { pkceChallengeS256, verifyPkceS256 } from './pkce';
import {
  deriveFallbackCode, deriveRedirectCode, FALLBACK_CODE_PATTERN, generateMatchCode, matchesAnyHash, REDIRECT_CODE_PATTERN,
} from './sign-in-codes';

describe('sign-in codes', () => {
  it('derives a stable 6-digit code and redirect code from a token, different per token', () => {
    const t = generateToken();
    expect(deriveFallbackCode(t)).toMatch(FALLBACK_CODE_PATTERN);
    expect(deriveFallbackCode(t)).toBe(deriveFallbackCode(t));
    expect(deriveRedirectCode(t)).toMatch(REDIRECT_CODE_PATTERN);
    expect(deriveRedirectCode(t)).not.toContain(t);
    const codes = new Set(Array.from({ length: 200 }, () => deriveFallbackCode(generateToken())));
    expect(codes.size).toBeGreaterThan(190);
  });

  it('match codes are short and unambiguous', () => {
    for (let i = 0; i < 50; i++) expect(generateMatchCode()).toMatch(/^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/);
  });

  it('matches a hash under an older pepper, and nothing else', () => {
    const older = new TokenHasher([`k1:${'a'.repeat(32)}`]);
    const rotated = new TokenHasher([`k2:${'b'.repeat(32)}`, `k1:${'a'.repeat(32)}`]);
    const stored = older.hash('r:123456');
    expect(matchesAnyHash(rotated.candidates('r:123456'), stored)).toBe(true);
    expect(matchesAnyHash(rotated.candidates('r:123457'), stored)).toBe(false);
    expect(matchesAnyHash(rotated.candidates('r:123456'), null)).toBe(false);
  });
});

describe('PKCE S256', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('computes the RFC 7636 example challenge', () => {
    expect(pkceChallengeS256(verifier)).toBe(challenge);
  });

  it('accepts the right verifier and refuses a wrong, short or missing one', () => {
    expect(verifyPkceS256(verifier, challenge)).toBe(true);
    expect(verifyPkceS256(`${verifier.slice(0, -1)}Y`, challenge)).toBe(false);
    expect(verifyPkceS256('short', challenge)).toBe(false);
    expect(verifyPkceS256(undefined, challenge)).toBe(false);
  });
});
