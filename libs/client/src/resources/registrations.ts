import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';

export type StartRegistrationParams = Body<'/v1/registrations', 'post'>;
export type ValidateRegistrationParams = Body<'/v1/registrations/validate', 'post'>;

/** `/v1/registrations`: Auth Armor's registration model (scope `users:write`; docs/registration.md). */
export class Registrations {
  constructor(private readonly http: HttpClient) {}

  start(params: StartRegistrationParams, opts?: RequestOptions): Promise<Ok<'/v1/registrations', 'post'>> {
    return this.http.request({ method: 'POST', path: '/v1/registrations', body: params }, opts);
  }

  validate(params: ValidateRegistrationParams, opts?: RequestOptions): Promise<Ok<'/v1/registrations/validate', 'post'>> {
    return this.http.request({ method: 'POST', path: '/v1/registrations/validate', body: params }, opts);
  }
}
