import { PASSAGE_LINK_TYPE_NAMES, PassageLinkType } from '@sesame/domain';
import { Bool, Int, Nested, OneOf, Text, Uuid } from '../../openapi/schema-props';
import type { PassageError, PassageMagicLink } from './passage-mapping';

/** Passage's MagicLink object. */
export class PassageMagicLinkView implements PassageMagicLink {
  @Uuid() id!: string;
  @Text() secret!: string;
  @Bool() activated!: boolean;
  @Uuid() user_id!: string;
  @Text() app_id!: string;
  @Text() identifier!: string;
  @OneOf(PASSAGE_LINK_TYPE_NAMES) type!: PassageLinkType;
  @Text() redirect_url!: string;
  @Text() url!: string;
  @Int({ description: 'Minutes.' }) ttl!: number;
}

export class PassageCreatedMagicLink {
  @Nested(() => PassageMagicLinkView) magic_link!: PassageMagicLinkView;
}

/** Passage's error body: how the Passage-compatible routes answer errors. */
export class PassageErrorBody implements PassageError {
  @Text({ example: 'user_not_found' }) code!: string;
  @Text() error!: string;
}
