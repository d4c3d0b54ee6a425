import { Inject, Injectable } from '@nestjs/common';
import { matchesAnyHash, TokenHasher, verifyPkceS256 } from '@sesame/crypto';
import { browserNonceMaterial } from './sign-in-hashes';

/** What a sign-in request is bound to: the hosted page's cookie nonce, a PKCE challenge, or neither. */
export interface BoundRequest {
  browser_nonce_hash: Buffer | null;
  code_challenge: string | null;
}

/** What the caller presented: the hosted page's cookie value, the PKCE code_verifier. */
export interface PresentedProof {
  browserNonce?: string;
  codeVerifier?: string;
}

/**
 * The one check of "is this the browser that asked?", for every endpoint that shows or completes a
 * public sign-in request: the link landing (peek), the status poll, the 6-digit code on the hosted
 * page and on the JSON endpoint.
 *
 * `pkce: 'here'` is for endpoints that consume the link themselves (the code endpoints): the
 * verifier is checked before anything changes. `'at_exchange'` is for the status poll, which only
 * hands out an exchange code that POST /v1/magic-links/exchange refuses without the verifier.
 * A request with neither binding (JSON, no code_challenge) is a bearer of its request_id.
 */
@Injectable()
export class RequestBinding {
  constructor(@Inject(TokenHasher) private readonly hasher: TokenHasher) {}

  /** The browser presented the cookie of the hosted page that asked. */
  isAskingBrowser(nonceHash: Buffer | null, nonce: string | undefined): boolean {
    return typeof nonce === 'string' && nonce !== '' && nonceHash !== null
      && matchesAnyHash(this.hasher.candidates(browserNonceMaterial(nonce)), nonceHash);
  }

  /** Which binding the caller failed, or null when it may act on the request. */
  refusal(r: BoundRequest, presented: PresentedProof, pkce: 'here' | 'at_exchange'): 'browser' | 'verifier' | null {
    if (r.browser_nonce_hash && !this.isAskingBrowser(r.browser_nonce_hash, presented.browserNonce)) return 'browser';
    if (pkce === 'here' && r.code_challenge && !verifyPkceS256(presented.codeVerifier, r.code_challenge)) return 'verifier';
    return null;
  }
}
