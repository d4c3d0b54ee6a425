import type { Actor } from './rpc-contracts';

/** Request and response shapes of the webhook endpoint and delivery-log RPCs. */

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** Event types, or `*` for all. */
  events: string[];
  enabled: boolean;
  /** `gone` (the receiver answered 410), `failing` (every attempt failed for 5 days), `manual`; null while enabled. */
  disabled_reason: string | null;
  /** Until when the secret before the last rotation still signs beside the current one; null when none does. */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreateWebhookEndpointRequest {
  requestId: string;
  tenantId: string;
  url: string;
  events: string[];
  description?: string;
  enabled?: boolean;
  actor: Actor;
}
/** `secret` (`whsec_` + base64 of 32 bytes) is shown this once. */
export interface CreateWebhookEndpointResponse extends WebhookEndpointView {
  secret: string;
}

export interface ListWebhookEndpointsRequest {
  tenantId: string;
  cursor?: string;
  limit: number;
}
export interface ListWebhookEndpointsResponse {
  data: WebhookEndpointView[];
  next_cursor: string | null;
}

export interface WebhookEndpointRef {
  tenantId: string;
  id: string;
}

/** Absent fields are left alone. Enabling a disabled endpoint clears its failure record. */
export interface UpdateWebhookEndpointRequest extends WebhookEndpointRef {
  actor: Actor;
  url?: string;
  description?: string | null;
  events?: string[];
  enabled?: boolean;
}

export interface WebhookEndpointActionRequest extends WebhookEndpointRef {
  actor: Actor;
}

/** The new secret, shown once; the old one keeps signing until `previous_secret_expires_at`. */
export type RotateWebhookSecretResponse = CreateWebhookEndpointResponse;

export interface WebhookDeliveryView {
  /** The `webhook-id` header, the same on every attempt and replay. */
  id: string;
  endpoint_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  replays: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  /** The first 1 KB of the last response body. */
  last_response_body: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export interface ListWebhookDeliveriesRequest {
  tenantId: string;
  endpointId: string;
  status?: WebhookDeliveryView['status'];
  cursor?: string;
  limit: number;
}
export interface ListWebhookDeliveriesResponse {
  data: WebhookDeliveryView[];
  next_cursor: string | null;
}

export interface ReplayWebhookDeliveryRequest {
  tenantId: string;
  endpointId: string;
  id: string;
  actor: Actor;
}
