import { ApiPropertyOptional } from '@nestjs/swagger';
import { ContextData, DELIVERY_CHANNELS, DeliveryChannel, LINK_STATUSES, LINK_TYPES, LinkStatus, LinkType } from '@sesame/domain';
import type {
  AuthenticateResponse, CreateLinkResponse, LinkDeliveryEventView, LinkDeliveryView, LinkDetailView, LinkView, ListLinksResponse,
} from '@sesame/messaging';
import {
  ContextDataProp, Int, JsonObject, Nested, NestedList, NextCursor, NullableText, NullableTimestamp, OneOf, Text, Timestamp, Uuid,
} from '../openapi/schema-props';

export class MagicLink implements LinkView {
  @Uuid() id!: string;
  @OneOf(LINK_TYPES) type!: LinkType;
  @Uuid() user_id!: string;
  @Text({ description: 'The address or number the link is for.' }) identifier!: string;
  @OneOf(LINK_STATUSES) status!: LinkStatus;
  @NullableText() redirect_url!: string | null;
  @Timestamp() expires_at!: string;
  @Timestamp() created_at!: string;
  @NullableTimestamp() consumed_at!: string | null;
  @NullableTimestamp() revoked_at!: string | null;
}

export class CreatedMagicLink extends MagicLink implements CreateLinkResponse {
  @ApiPropertyOptional({ description: 'The link itself (holds the token): only when created with send=false, and only in this answer.' })
  url?: string;
}

export class MagicLinkPage implements ListLinksResponse {
  @NestedList(() => MagicLink) data!: MagicLink[];
  @NextCursor() next_cursor!: string | null;
}

export class LinkDeliveryEvent implements LinkDeliveryEventView {
  @Text({ example: 'delivered' }) event!: string;
  @Timestamp() occurred_at!: string;
  @JsonObject({ description: 'The provider\'s reason, status or response; never the message.' }) data!: Record<string, unknown>;
}

export class LinkDelivery implements LinkDeliveryView {
  @Uuid() id!: string;
  @OneOf(DELIVERY_CHANNELS) channel!: DeliveryChannel;
  @Text() to!: string;
  @Text({ description: '`queued`, `sending`, `sent`, `failed` or `skipped`.' }) status!: string;
  @NullableText({ description: '`sendgrid`, `smtp`, `twilio`, `outbox`; null until a transport took it.' }) provider!: string | null;
  @NullableText() provider_message_id!: string | null;
  @Int() attempts!: number;
  @NullableTimestamp() sent_at!: string | null;
  @NullableText() last_error!: string | null;
  @NullableText() last_event!: string | null;
  @NullableTimestamp() last_event_at!: string | null;
  @NestedList(() => LinkDeliveryEvent, { description: 'At most the latest 100, newest first.' }) events!: LinkDeliveryEvent[];
}

export class MagicLinkDetail extends MagicLink implements LinkDetailView {
  @NestedList(() => LinkDelivery, { description: 'Each email or text sent for the link, newest first.' }) deliveries!: LinkDelivery[];
}

export class VerifiedUser {
  @Uuid() id!: string;
  @NullableText({ description: 'Null for a user known by phone only.' }) email!: string | null;
}

export class Verification implements AuthenticateResponse {
  @Nested(() => VerifiedUser) user!: VerifiedUser;
  @OneOf(LINK_TYPES) type!: LinkType;
  @ContextDataProp() context_data!: ContextData | null;
  @NullableText() redirect_url!: string | null;
  @Uuid() link_id!: string;
}
