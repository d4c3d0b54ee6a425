import type { Body, ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';
import { pathOf } from '../paths';

export type CreateMagicLinkParams = Body<'/v1/magic-links', 'post'>;
/** The new link; `url` only when it was created with `send: false` (and never in a replayed answer). */
export type CreatedMagicLink = Ok<'/v1/magic-links', 'post'>;
/** A link with its deliveries (`GET /v1/magic-links/{id}`). */
export type MagicLink = Ok<'/v1/magic-links/{id}', 'get'>;
export type MagicLinkPage = Ok<'/v1/magic-links', 'get'>;
export type MagicLinkSummary = ItemOf<MagicLinkPage>;
export type ListMagicLinksQuery = Query<'/v1/magic-links', 'get'>;
export type RevokedMagicLink = Ok<'/v1/magic-links/{id}', 'delete'>;
export type AuthenticateParams = Body<'/v1/magic-links/authenticate', 'post'>;
/** The user, type, context data and redirect URL of a verified link. */
export type Verification = Ok<'/v1/magic-links/authenticate', 'post'>;
export type ExchangeParams = Body<'/v1/magic-links/exchange', 'post'>;
export type Exchange = Ok<'/v1/magic-links/exchange', 'post'>;

/** `/v1/magic-links`: create, verify and revoke links (docs/api.md#magic-links). */
export class MagicLinks {
  constructor(private readonly http: HttpClient) {}

  /**
   * Creates (and by default sends) a link. Retried safely: every attempt carries the same
   * `Idempotency-Key`, so a retry after a lost answer returns the first link instead of a second
   * one — without `url`, which the API never stores.
   */
  create(params: CreateMagicLinkParams, opts?: RequestOptions): Promise<CreatedMagicLink> {
    return this.http.request({ method: 'POST', path: '/v1/magic-links', body: params, idempotent: true }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<MagicLink> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/magic-links/{id}', { id }) }, opts);
  }

  /** Every link matching `query`, newest first, across pages. */
  list(query: ListQuery<ListMagicLinksQuery> = {}, opts?: RequestOptions): PagedList<MagicLinkSummary> {
    return PagedList.of<MagicLinkSummary>((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  /** One page; pass its `next_cursor` back as `cursor` for the next. */
  listPage(query: ListMagicLinksQuery = {}, opts?: RequestOptions): Promise<MagicLinkPage> {
    return this.http.request({ method: 'GET', path: '/v1/magic-links', query }, opts);
  }

  /** Revokes a live link (repeating it is harmless); a used link is `409 conflict`. */
  revoke(id: string, opts?: RequestOptions): Promise<RevokedMagicLink> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/magic-links/{id}', { id }) }, opts);
  }

  /** Verifies and consumes a link's token (the part after `/l/`); `401` with `invalid_token`, `expired`, `used`, `revoked` or `binding_mismatch`. */
  authenticate(params: AuthenticateParams, opts?: RequestOptions): Promise<Verification> {
    return this.http.request({ method: 'POST', path: '/v1/magic-links/authenticate', body: params }, opts);
  }

  /**
   * Exchanges the one-time `code` a hosted link redirected with (`?code=`) for the user; pass the
   * PKCE `code_verifier` when the sign-in request carried a `code_challenge`.
   */
  exchange(params: ExchangeParams, opts?: RequestOptions): Promise<Exchange> {
    return this.http.request({ method: 'POST', path: '/v1/magic-links/exchange', body: params }, opts);
  }
}
