import { randomBytes } from 'node:crypto';
import { pkceChallengeS256, TokenHasher } from '@sesame/crypto';
import { RequestBinding } from './request-binding';
import { browserNonceMaterial } from './sign-in-hashes';

describe('RequestBinding', () => {
  const hasher = new TokenHasher([`k1:${'p'.repeat(40)}`]);
  const binding = new RequestBinding(hasher);
  const nonce = randomBytes(32).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const hostedPage = { browser_nonce_hash: hasher.hash(browserNonceMaterial(nonce)), code_challenge: null };
  const pkce = { browser_nonce_hash: null, code_challenge: pkceChallengeS256(verifier) };
  const unbound = { browser_nonce_hash: null, code_challenge: null };

  it.each([
    ['hosted page, no cookie', hostedPage, {}, 'browser'],
    ['hosted page, another browser\'s cookie', hostedPage, { browserNonce: randomBytes(32).toString('base64url') }, 'browser'],
    ['hosted page, a verifier instead of the cookie', hostedPage, { codeVerifier: verifier }, 'browser'],
    ['hosted page, its cookie', hostedPage, { browserNonce: nonce }, null],
    ['PKCE, no verifier', pkce, {}, 'verifier'],
    ['PKCE, a wrong verifier', pkce, { codeVerifier: randomBytes(32).toString('base64url') }, 'verifier'],
    ['PKCE, a cookie instead of the verifier', pkce, { browserNonce: nonce }, 'verifier'],
    ['PKCE, its verifier', pkce, { codeVerifier: verifier }, null],
    ['no binding', unbound, {}, null],
  ] as const)('where the link is consumed: %s', (_label, request, proof, expected) => {
    expect(binding.refusal(request, proof, 'here')).toBe(expected);
  });

  it('leaves the verifier to the exchange where only an exchange code is handed out, never the cookie', () => {
    expect(binding.refusal(pkce, {}, 'at_exchange')).toBeNull();
    expect(binding.refusal(hostedPage, {}, 'at_exchange')).toBe('browser');
  });

  it('recognises the asking browser for the link landing', () => {
    expect(binding.isAskingBrowser(hostedPage.browser_nonce_hash, nonce)).toBe(true);
    expect(binding.isAskingBrowser(hostedPage.browser_nonce_hash, undefined)).toBe(false);
    expect(binding.isAskingBrowser(null, nonce)).toBe(false);
  });
});
