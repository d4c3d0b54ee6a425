import type { AuditEventView, ListAuditEventsResponse } from '@sesame/messaging';
import { JsonObject, Nested, NestedList, NextCursor, NullableText, NullableUuid, Text, Timestamp } from '../openapi/schema-props';

export class AuditActor {
  @NullableUuid({ description: 'Null when the system or an end user\'s browser acted.' }) api_key_id!: string | null;
  @NullableText() ip!: string | null;
  @NullableText() user_agent!: string | null;
}

export class AuditSubject {
  @Text({ example: 'magic_link' }) type!: string;
  @NullableText() id!: string | null;
}

export class AuditEvent implements AuditEventView {
  @Text({ description: 'A decimal number, as a string.' }) id!: string;
  @Text({ example: 'magiclink.created' }) type!: string;
  @Timestamp() created_at!: string;
  @Nested(() => AuditActor) actor!: AuditActor;
  @Nested(() => AuditSubject) subject!: AuditSubject;
  @NullableUuid() user_id!: string | null;
  @JsonObject() data!: Record<string, unknown>;
}

export class AuditEventPage implements ListAuditEventsResponse {
  @NestedList(() => AuditEvent) data!: AuditEvent[];
  @NextCursor() next_cursor!: string | null;
}
