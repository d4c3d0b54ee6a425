import type { Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';

export type Policy = Ok<'/v1/policy', 'get'>;

/**
 * A JSON merge patch (RFC 7396) of `T`: every field optional, `null` resets a field to its
 * default, objects merge field by field, arrays replace the whole array.
 */
export type MergePatch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatch<T[K]> | null } : T;

/**
 * Derived from the policy the API returns rather than from the PATCH body's schema, which can only
 * say "an object": a patch is the policy's own shape with every field optional.
 */
export type PolicyPatch = MergePatch<Policy>;

/** `/v1/policy` (scope `admin`; every field in docs/policy.md). */
export class PolicyResource {
  constructor(private readonly http: HttpClient) {}

  get(opts?: RequestOptions): Promise<Policy> {
    return this.http.request({ method: 'GET', path: '/v1/policy' }, opts);
  }

  /** Applies the patch and returns the whole policy; gateways and token-service see it within their 5 s policy cache. */
  update(patch: PolicyPatch, opts?: RequestOptions): Promise<Ok<'/v1/policy', 'patch'>> {
    return this.http.request({ method: 'PATCH', path: '/v1/policy', body: patch }, opts);
  }
}
