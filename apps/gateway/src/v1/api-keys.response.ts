import { GRANTABLE_SCOPES, GrantableScope } from '@sesame/domain';
import type { ApiKeyListItem, CreateApiKeyResponse, ListApiKeysResponse, RotateApiKeyResponse } from '@sesame/messaging';
import { ApiProperty } from '@nestjs/swagger';
import { Nested, NestedList, NextCursor, NullableTimestamp, NullableUuid, Text, Timestamp, Uuid } from '../openapi/schema-props';

const Scopes = () => ApiProperty({ enum: [...GRANTABLE_SCOPES], isArray: true, description: 'As granted: Sesame scopes and Entrust permission names.' });

export class ApiKey implements ApiKeyListItem {
  @Uuid() id!: string;
  @Text() name!: string;
  @Scopes() scopes!: GrantableScope[];
  @Text({ description: 'The key\'s first characters: how logs and consoles name it.' }) prefix!: string;
  @Timestamp() created_at!: string;
  @NullableTimestamp() expires_at!: string | null;
  @NullableTimestamp({ description: 'Accurate to a minute.' }) last_used_at!: string | null;
  @NullableUuid({ description: 'The key that created this one; null for the tenant\'s first key.' }) created_by!: string | null;
}

export class CreatedApiKey implements CreateApiKeyResponse {
  @Uuid() id!: string;
  @Text() name!: string;
  @Scopes() scopes!: GrantableScope[];
  @Timestamp() created_at!: string;
  @NullableTimestamp() expires_at!: string | null;
  @Text({ description: 'The secret `sk_live_…` key, shown this once.' }) key!: string;
  @Text() prefix!: string;
}

export class ApiKeyPage implements ListApiKeysResponse {
  @NestedList(() => ApiKey) data!: ApiKey[];
  @NextCursor() next_cursor!: string | null;
}

export class ReplacedApiKey {
  @Uuid() id!: string;
  @Timestamp({ description: 'When the old key stops working.' }) expires_at!: string;
}

export class RotatedApiKey extends ApiKey implements RotateApiKeyResponse {
  @Text({ description: 'The new key, shown once.' }) key!: string;
  @Nested(() => ReplacedApiKey) replaces!: ReplacedApiKey;
}
