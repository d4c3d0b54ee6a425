import type { DeliveryChannel, LinkType } from '@sesame/domain';
import type { Actor, LinkView } from './rpc-contracts';

/** RPC patterns of vendor-compatible operations that need more than one native call. */
export const COMPAT_RPC = {
  passageCreateMagicLink: 'compat.passage.create-magic-link',
} as const;

/** Passage's create magic link, in Sesame terms (docs/passage.md). */
export interface PassageCreateMagicLinkRequest {
  requestId: string;
  tenantId: string;
  actor: Actor;
  /** The path's app id: the tenant's id or slug. */
  appId: string;
  userId?: string;
  email?: string;
  phone?: string;
  redirectUrl?: string;
  magicLinkPath?: string;
  send: boolean;
  channel?: DeliveryChannel;
  ttlMinutes?: number;
  language?: string;
  type: LinkType;
}
export interface PassageCreateMagicLinkResponse {
  link: LinkView;
  /** The tenant's id (Passage app id). */
  app_id: string;
  /** The link's secret and `magic_link_path?psg_magic_link=<secret>`: only when Sesame does not send it. */
  secret: string | null;
  url: string | null;
  ttl_minutes: number;
  /** The address the link is for: the phone for the sms channel, else the user's email. */
  identifier: string;
}
