import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';

export type Policy = Ok<'/v1/policy', 'get'>;
/** A JSON merge patch (RFC 7396): objects merge, arrays replace, `null` resets a field to its default. */
export type PolicyPatch = Body<'/v1/policy', 'patch'>;

/** `/v1/policy` (scope `admin`; every field in docs/policy.md). */
export class PolicyResource {
  constructor(private readonly http: HttpClient) {}

  get(opts?: RequestOptions): Promise<Policy> {
    return this.http.request({ method: 'GET', path: '/v1/policy' }, opts);
  }

  /** Applies the patch; gateways and token-service see it within their 5 s policy cache. */
  update(patch: PolicyPatch, opts?: RequestOptions): Promise<Ok<'/v1/policy', 'patch'>> {
    return this.http.request({ method: 'PATCH', path: '/v1/policy', body: patch }, opts);
  }
}
