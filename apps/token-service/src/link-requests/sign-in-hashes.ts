/**
 * What the sign-in secrets are hashed as (with the TokenHasher's keyed HMAC). Each gets its own
 * label, so a hash of one kind can never be presented as another.
 */
export const browserNonceMaterial = (nonce: string) => `browser-nonce:${nonce}`;
export const emailMaterial = (tenantId: string, email: string) => `email:${tenantId}:${email.toLowerCase()}`;
