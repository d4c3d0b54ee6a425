import type { Body, ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';
import { pathOf } from '../paths';

export type CreateUserParams = Body<'/v1/users', 'post'>;
export type User = Ok<'/v1/users/{id}', 'get'>;
export type CreatedUser = Ok<'/v1/users', 'post'>;
export type UserPage = Ok<'/v1/users', 'get'>;
export type ListUsersQuery = Query<'/v1/users', 'get'>;
export type UpdateUserParams = Body<'/v1/users/{id}', 'patch'>;
export type SetPasswordResult = Ok<'/v1/users/{id}/password', 'put'>;

/** `/v1/users` (scopes `users:read`, `users:write`; docs/api.md#users). */
export class Users {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateUserParams, opts?: RequestOptions): Promise<CreatedUser> {
    return this.http.request({ method: 'POST', path: '/v1/users', body: params }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<User> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/users/{id}', { id }) }, opts);
  }

  list(query: ListQuery<ListUsersQuery> = {}, opts?: RequestOptions): PagedList<ItemOf<UserPage>> {
    return PagedList.of((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  listPage(query: ListUsersQuery = {}, opts?: RequestOptions): Promise<UserPage> {
    return this.http.request({ method: 'GET', path: '/v1/users', query }, opts);
  }

  /** Changes only the fields given; `attributes` merge key by key (`null` removes a key). */
  update(id: string, params: UpdateUserParams, opts?: RequestOptions): Promise<User> {
    return this.http.request({ method: 'PATCH', path: pathOf('/v1/users/{id}', { id }), body: params }, opts);
  }

  /** Deletes the user and their links (their audit events stay). */
  delete(id: string, opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/users/{id}', { id }) }, opts);
  }

  /** Sets (12–256 characters) or, with `null`, removes the user's password. */
  setPassword(id: string, password: string | null, opts?: RequestOptions): Promise<SetPasswordResult> {
    return this.http.request({ method: 'PUT', path: pathOf('/v1/users/{id}/password', { id }), body: { password } }, opts);
  }
}
