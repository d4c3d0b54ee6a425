import { DELIVERY_CHANNELS, DeliveryChannel } from '@sesame/domain';
import type { ApplySendGridEventsResponse, ListProvidersResponse, ProviderView } from '@sesame/messaging';
import { Int, JsonObject, NestedList, NullableText, NullableTimestamp, OneOf, TextList } from '../openapi/schema-props';

export class Provider implements ProviderView {
  @OneOf(DELIVERY_CHANNELS) channel!: DeliveryChannel;
  @NullableText({ description: '`sendgrid`, `smtp`, `outbox`, `twilio`; null when the deployment\'s default applies.' }) kind!: string | null;
  @JsonObject({ description: 'Non-secret settings (host, port, account_sid, …).' }) settings!: Record<string, unknown>;
  @TextList({ description: 'Names of the stored credentials, never their values.' }) credentials_set!: string[];
  @OneOf(['tenant', 'deployment']) source!: 'tenant' | 'deployment';
  @NullableTimestamp() updated_at!: string | null;
}

export class ProviderList implements ListProvidersResponse {
  @NestedList(() => Provider, { description: 'One entry per channel.' }) data!: Provider[];
}

export class SendGridEventsApplied implements ApplySendGridEventsResponse {
  @Int({ description: 'Events recorded now.' }) applied!: number;
  @Int({ description: 'Events recorded before.' }) duplicates!: number;
  @Int({ description: 'Tracked events naming no delivery of the signing account\'s tenant(s).' }) unmatched!: number;
  @Int({ description: 'Events Sesame does not track.' }) ignored!: number;
}
