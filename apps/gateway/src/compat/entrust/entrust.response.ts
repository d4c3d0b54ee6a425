import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENTRUST_LINK_TYPE_NAMES, EntrustErrorInfo, EntrustLinkType, EntrustMagicLink, EntrustMagicLinkResponse } from './entrust-mapping';
import { OneOf, Text, Timestamp } from '../../openapi/schema-props';

/** Entrust MagicLinkResponse. */
export class EntrustCreatedMagicLink implements EntrustMagicLinkResponse {
  @Timestamp() expiryDate!: string;
  @ApiPropertyOptional({ description: 'Only when the link was not emailed (autoSend false).' }) url?: string;
}

/** Entrust MagicLink, plus `status`. */
export class EntrustMagicLinkView implements EntrustMagicLink {
  @Timestamp() created!: string;
  @Timestamp() expiry!: string;
  @OneOf(ENTRUST_LINK_TYPE_NAMES) type!: EntrustLinkType;
  @Text({ example: 'ACTIVE' }) status!: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() redirectUrl?: string;
}

/** Entrust ErrorInfo: how the Entrust-compatible routes answer errors. */
export class EntrustError implements EntrustErrorInfo {
  @Text({ example: 'not_found' }) errorCode!: string;
  @Text() errorMessage!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) parameters!: Record<string, unknown>[];
}

