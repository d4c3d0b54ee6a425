import type { Body, ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';
import { pathOf } from '../paths';

export type CreateApiKeyParams = Body<'/v1/api-keys', 'post'>;
/** The new key with its secret `key`, shown only here. */
export type CreatedApiKey = Ok<'/v1/api-keys', 'post'>;
export type ApiKeyPage = Ok<'/v1/api-keys', 'get'>;
export type ListApiKeysQuery = Query<'/v1/api-keys', 'get'>;
export type RotateApiKeyParams = Body<'/v1/api-keys/{id}/rotate', 'post'>;
export type RotatedApiKey = Ok<'/v1/api-keys/{id}/rotate', 'post'>;

/** `/v1/api-keys` (scope `admin`; docs/api.md#api-keys). */
export class ApiKeys {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateApiKeyParams, opts?: RequestOptions): Promise<CreatedApiKey> {
    return this.http.request({ method: 'POST', path: '/v1/api-keys', body: params }, opts);
  }

  list(query: ListQuery<ListApiKeysQuery> = {}, opts?: RequestOptions): PagedList<ItemOf<ApiKeyPage>> {
    return PagedList.of((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  listPage(query: ListApiKeysQuery = {}, opts?: RequestOptions): Promise<ApiKeyPage> {
    return this.http.request({ method: 'GET', path: '/v1/api-keys', query }, opts);
  }

  /** Refused everywhere within the gateways' key cache (5 s by default); the last admin key is `409 last_admin_key`. */
  revoke(id: string, opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/api-keys/{id}', { id }) }, opts);
  }

  /** A new key with the same name and scopes; the old one works for `overlap_seconds` more (default 24 h). */
  rotate(id: string, params: RotateApiKeyParams = {}, opts?: RequestOptions): Promise<RotatedApiKey> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/api-keys/{id}/rotate', { id }), body: params }, opts);
  }
}
