import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { pathOf } from '../paths';

export type CreateApplicationParams = Body<'/v1/applications', 'post'>;
export type Application = Ok<'/v1/applications/{id}', 'get'>;
export type UpdateApplicationParams = Body<'/v1/applications/{id}', 'patch'>;
export type StartAuthFlowParams = Body<'/v1/auth-flows', 'post'>;
export type AuthFlow = Ok<'/v1/auth-flows/{id}', 'get'>;

/** `/v1/applications`: an authentication flow per application (scope `admin`; docs/auth-flows.md). */
export class Applications {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateApplicationParams, opts?: RequestOptions): Promise<Ok<'/v1/applications', 'post'>> {
    return this.http.request({ method: 'POST', path: '/v1/applications', body: params }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<Application> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/applications/{id}', { id }) }, opts);
  }

  /** Every application, by name (not paginated). */
  list(opts?: RequestOptions): Promise<Ok<'/v1/applications', 'get'>> {
    return this.http.request({ method: 'GET', path: '/v1/applications' }, opts);
  }

  update(id: string, params: UpdateApplicationParams, opts?: RequestOptions): Promise<Application> {
    return this.http.request({ method: 'PATCH', path: pathOf('/v1/applications/{id}', { id }), body: params }, opts);
  }

  delete(id: string, opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/applications/{id}', { id }) }, opts);
  }
}

/** `/v1/auth-flows`: a password first factor, then a magic link (docs/auth-flows.md#auth-flows). */
export class AuthFlows {
  constructor(private readonly http: HttpClient) {}

  /** Checks the first factor and emails the login link; `401 invalid_credentials` for any wrong password. */
  start(params: StartAuthFlowParams, opts?: RequestOptions): Promise<Ok<'/v1/auth-flows', 'post'>> {
    return this.http.request({ method: 'POST', path: '/v1/auth-flows', body: params }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<AuthFlow> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/auth-flows/{id}', { id }) }, opts);
  }
}
