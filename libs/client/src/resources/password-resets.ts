import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';

export type ExchangePasswordResetParams = Body<'/v1/password-resets/exchange', 'post'>;
export type PasswordResetGrant = Ok<'/v1/password-resets/exchange', 'post'>;
export type CompletePasswordResetParams = Body<'/v1/password-resets/complete', 'post'>;

/** `/v1/password-resets`, for the policy's `reset_grant` mode (docs/auth-flows.md#password-reset). */
export class PasswordResets {
  constructor(private readonly http: HttpClient) {}

  /** A `password_reset` link's token or code → a reset grant (10 minutes). */
  exchange(params: ExchangePasswordResetParams, opts?: RequestOptions): Promise<PasswordResetGrant> {
    return this.http.request({ method: 'POST', path: '/v1/password-resets/exchange', body: params }, opts);
  }

  /** Uses the grant once, storing `password` when given. */
  complete(params: CompletePasswordResetParams, opts?: RequestOptions): Promise<Ok<'/v1/password-resets/complete', 'post'>> {
    return this.http.request({ method: 'POST', path: '/v1/password-resets/complete', body: params }, opts);
  }
}
