import type { Body, ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';
import { pathOf } from '../paths';

export type CreateWebhookEndpointParams = Body<'/v1/webhook-endpoints', 'post'>;
/** The new endpoint with its `secret` (`whsec_…`), shown only here and by `rotateSecret`. */
export type CreatedWebhookEndpoint = Ok<'/v1/webhook-endpoints', 'post'>;
export type WebhookEndpoint = Ok<'/v1/webhook-endpoints/{id}', 'get'>;
export type WebhookEndpointPage = Ok<'/v1/webhook-endpoints', 'get'>;
export type ListWebhookEndpointsQuery = Query<'/v1/webhook-endpoints', 'get'>;
export type UpdateWebhookEndpointParams = Body<'/v1/webhook-endpoints/{id}', 'patch'>;
export type RotatedWebhookSecret = Ok<'/v1/webhook-endpoints/{id}/rotate-secret', 'post'>;
export type WebhookDeliveryPage = Ok<'/v1/webhook-endpoints/{id}/deliveries', 'get'>;
export type ListWebhookDeliveriesQuery = Query<'/v1/webhook-endpoints/{id}/deliveries', 'get'>;

/** `/v1/webhook-endpoints` (scope `webhooks:manage`; docs/webhooks.md). Verify what they receive with `verifyWebhook`. */
export class WebhookEndpoints {
  constructor(private readonly http: HttpClient) {}

  create(params: CreateWebhookEndpointParams, opts?: RequestOptions): Promise<CreatedWebhookEndpoint> {
    return this.http.request({ method: 'POST', path: '/v1/webhook-endpoints', body: params }, opts);
  }

  get(id: string, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/webhook-endpoints/{id}', { id }) }, opts);
  }

  list(query: ListQuery<ListWebhookEndpointsQuery> = {}, opts?: RequestOptions): PagedList<ItemOf<WebhookEndpointPage>> {
    return PagedList.of((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  listPage(query: ListWebhookEndpointsQuery = {}, opts?: RequestOptions): Promise<WebhookEndpointPage> {
    return this.http.request({ method: 'GET', path: '/v1/webhook-endpoints', query }, opts);
  }

  /** `enabled: true` re-enables an endpoint disabled by a 410 or by days of failures. */
  update(id: string, params: UpdateWebhookEndpointParams, opts?: RequestOptions): Promise<WebhookEndpoint> {
    return this.http.request({ method: 'PATCH', path: pathOf('/v1/webhook-endpoints/{id}', { id }), body: params }, opts);
  }

  delete(id: string, opts?: RequestOptions): Promise<void> {
    return this.http.request({ method: 'DELETE', path: pathOf('/v1/webhook-endpoints/{id}', { id }) }, opts);
  }

  /** A new secret (shown once); the old one keeps signing beside it for 24 h. */
  rotateSecret(id: string, opts?: RequestOptions): Promise<RotatedWebhookSecret> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/webhook-endpoints/{id}/rotate-secret', { id }) }, opts);
  }

  /** Queues a `webhook.ping` delivery to the endpoint. */
  test(id: string, opts?: RequestOptions): Promise<Ok<'/v1/webhook-endpoints/{id}/test', 'post'>> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/webhook-endpoints/{id}/test', { id }) }, opts);
  }

  /** The endpoint's delivery log, newest first, across pages. */
  deliveries(id: string, query: ListQuery<ListWebhookDeliveriesQuery> = {}, opts?: RequestOptions): PagedList<ItemOf<WebhookDeliveryPage>> {
    return PagedList.of((cursor) => this.deliveriesPage(id, { ...query, cursor }, opts));
  }

  deliveriesPage(id: string, query: ListWebhookDeliveriesQuery = {}, opts?: RequestOptions): Promise<WebhookDeliveryPage> {
    return this.http.request({ method: 'GET', path: pathOf('/v1/webhook-endpoints/{id}/deliveries', { id }), query }, opts);
  }

  /** Sends a finished delivery again with the same webhook-id and body. */
  replay(id: string, deliveryId: string, opts?: RequestOptions): Promise<Ok<'/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay', 'post'>> {
    return this.http.request({ method: 'POST', path: pathOf('/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay', { id, deliveryId }) }, opts);
  }
}
