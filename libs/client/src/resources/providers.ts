import type { Body, Ok } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { pathOf } from '../paths';

export type Provider = Ok<'/v1/providers/{channel}', 'get'>;
export type PutProviderParams = Body<'/v1/providers/{channel}', 'put'>;

/** `/v1/providers`: the transport each channel sends through (scope `admin`; docs/mail.md#transports). */
export class Providers {
  constructor(private readonly http: HttpClient) {}

  list(opts?: RequestOptions): Promise<Ok<'/v1/providers', 'get'>> {
    return this.http.request({ method: 'GET', path: '/v1/providers' }, opts);
  }

  get(channel: 'email' | 'sms', opts?: RequestOptions): Promise<Provider> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/providers/{channel}', { channel }) }, opts);
  }

  /** Same kind without `credentials` keeps the stored ones; no answer ever carries their values. */
  set(channel: 'email' | 'sms', params: PutProviderParams, opts?: RequestOptions): Promise<Provider> {
    return this.http.request({ method: 'PUT', path: pathOf('/v1/providers/{channel}', { channel }), body: params }, opts);
  }

  /** Back to the deployment's transport. */
  delete(channel: 'email' | 'sms', opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/providers/{channel}', { channel }) }, opts);
  }
}
