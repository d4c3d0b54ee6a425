/**
 * The shapes the console reads, as the API answers them (docs/api.md). The SDK's types come from
 * the OpenAPI document, which does not describe every response body yet; where it does not, the
 * console names the fields it uses here.
 */
export interface ApiKeyItem {
  id: string; name: string; prefix: string; scopes: string[]; created_at: string; expires_at: string | null; last_used_at: string | null;
}
export interface LinkItem {
  id: string; type: string; identifier: string; status: string; created_at: string; expires_at: string;
  consumed_at: string | null; revoked_at: string | null;
}
export interface LinkDelivery {
  id: string; channel: string; to: string; status: string; provider: string | null; attempts: number; sent_at: string | null;
  last_error: string | null; last_event: string | null; last_event_at: string | null;
}
export interface LinkStory extends LinkItem { deliveries: LinkDelivery[] }
export interface Page<T> { data: T[]; next_cursor: string | null }
export interface WebhookEndpointItem {
  id: string; url: string; description: string | null; events: string[]; enabled: boolean; disabled_reason: string | null; created_at: string;
}
export interface WebhookDeliveryItem {
  id: string; event_type: string; status: string; attempts: number; replays: number; last_status_code: number | null;
  last_error: string | null; last_response_body: string | null; last_attempt_at: string | null; created_at: string;
}
export interface AuditEventItem {
  id: string; type: string; created_at: string; actor: { api_key_id: string | null; ip: string | null; user_agent: string | null };
  subject: { type: string; id: string | null }; user_id: string | null; data: Record<string, unknown>;
}
export interface EndUserItem { id: string; email: string | null; status: 'active' | 'disabled'; created_at: string }
