/** RPC patterns of the mail providers' event webhooks (POST /v1/providers/sendgrid/events). */
export const PROVIDER_EVENTS_RPC = {
  sendgridEvents: 'provider-events.sendgrid',
} as const;

/**
 * A SendGrid Event Webhook batch as it arrived, verified and applied by token-service. Without
 * `tenantId` it was signed by the deployment's account; with it, by that tenant's own account,
 * and applies only to that tenant's deliveries.
 */
export interface ApplySendGridEventsRequest {
  tenantId?: string;
  /** The raw body, base64: the signature is over these exact bytes. */
  bodyBase64: string;
  /** X-Twilio-Email-Event-Webhook-Signature and -Timestamp. */
  signature?: string;
  timestamp?: string;
}

export interface ApplySendGridEventsResponse {
  /** Events recorded now. */
  applied: number;
  /** Events recorded before (the same sg_event_id, or the same delivery, event and time). */
  duplicates: number;
  /** Tracked events naming no delivery of the signing account's tenant(s). */
  unmatched: number;
  /** Events Sesame does not track (processed, spamreport, unsubscribe, …). */
  ignored: number;
}
