import type { Body, ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';
import { pathOf } from '../paths';

export type CreateTenantParams = Body<'/v1/tenants', 'post'>;
/** The tenant with its first admin key `api_key`, shown only here. */
export type CreatedTenant = Ok<'/v1/tenants', 'post'>;
export type Tenant = Ok<'/v1/tenants/{id}', 'get'>;
export type TenantPage = Ok<'/v1/tenants', 'get'>;
export type ListTenantsQuery = Query<'/v1/tenants', 'get'>;
export type UpdateTenantParams = Body<'/v1/tenants/{id}', 'patch'>;

/** `/v1/tenants`: the operator's routes, for a client made with the root key (`SESAME_ROOT_API_KEY`). */
export class Tenants {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateTenantParams, opts?: RequestOptions): Promise<CreatedTenant> {
    return this.http.request({ method: 'POST', path: '/v1/tenants', body: params }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<Tenant> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/tenants/{id}', { id }) }, opts);
  }

  list(query: ListQuery<ListTenantsQuery> = {}, opts?: RequestOptions): PagedList<ItemOf<TenantPage>> {
    return PagedList.of((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  listPage(query: ListTenantsQuery = {}, opts?: RequestOptions): Promise<TenantPage> {
    return this.http.request({ method: 'GET', path: '/v1/tenants', query }, opts);
  }

  /** Rename, or disable (`disabled: true`) and enable again. */
  update(id: string, params: UpdateTenantParams, opts?: RequestOptions): Promise<Tenant> {
    return this.http.request({ method: 'PATCH', path: pathOf('/v1/tenants/{id}', { id }), body: params }, opts);
  }

  /** Disables the tenant at once; its data is purged after the retention period. */
  delete(id: string, opts?: RequestOptions): Promise<Ok<'/v1/tenants/{id}', 'delete'>> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/tenants/{id}', { id }) }, opts);
  }
}
