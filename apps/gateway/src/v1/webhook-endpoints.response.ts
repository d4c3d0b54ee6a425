import type { CreateWebhookEndpointResponse, ListWebhookDeliveriesResponse, ListWebhookEndpointsResponse, WebhookDeliveryView, WebhookEndpointView } from '@sesame/messaging';
import { Bool, Int, NestedList, NextCursor, NullableInt, NullableText, NullableTimestamp, OneOf, Text, TextList, Timestamp, Uuid } from '../openapi/schema-props';

export class WebhookEndpoint implements WebhookEndpointView {
  @Uuid() id!: string;
  @Text() url!: string;
  @NullableText() description!: string | null;
  @TextList({ description: 'Event types, or `*` for all.' }) events!: string[];
  @Bool() enabled!: boolean;
  @NullableText({ description: '`gone`, `failing` or `manual`; null while enabled.' }) disabled_reason!: string | null;
  @NullableTimestamp({ description: 'Until when the secret before the last rotation still signs.' }) previous_secret_expires_at!: string | null;
  @Timestamp() created_at!: string;
  @Timestamp() updated_at!: string;
}

/** Also the answer of rotate-secret: the new secret, shown once. */
export class WebhookEndpointWithSecret extends WebhookEndpoint implements CreateWebhookEndpointResponse {
  @Text({ description: '`whsec_` + base64 of 32 bytes, shown this once.' }) secret!: string;
}

export class WebhookEndpointPage implements ListWebhookEndpointsResponse {
  @NestedList(() => WebhookEndpoint) data!: WebhookEndpoint[];
  @NextCursor() next_cursor!: string | null;
}

export class WebhookDelivery implements WebhookDeliveryView {
  @Text({ description: 'The `webhook-id` header, the same on every attempt and replay.' }) id!: string;
  @Uuid() endpoint_id!: string;
  @Text() event_type!: string;
  @OneOf(['pending', 'succeeded', 'failed']) status!: WebhookDeliveryView['status'];
  @Int() attempts!: number;
  @Int() replays!: number;
  @NullableInt() last_status_code!: number | null;
  @NullableText() last_error!: string | null;
  @NullableInt() last_latency_ms!: number | null;
  @NullableText({ description: 'The first 1 KB of the last response body.' }) last_response_body!: string | null;
  @NullableTimestamp() last_attempt_at!: string | null;
  @Timestamp() created_at!: string;
}

export class WebhookDeliveryPage implements ListWebhookDeliveriesResponse {
  @NestedList(() => WebhookDelivery) data!: WebhookDelivery[];
  @NextCursor() next_cursor!: string | null;
}
