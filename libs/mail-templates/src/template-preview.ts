import type { LinkType, SupportedLanguage } from '@sesame/domain';
import { Branding, DEFAULT_BRANDING, MessageInput } from './link-message.renderer';

/** The code previews and test sends show: never one that works. */
export const SAMPLE_CODE = '123456';
/** The lifetime previews and test sends announce. */
export const SAMPLE_LIFETIME_MS = 15 * 60_000;
/** Test sends carry it before the subject so nobody takes one for a real sign-in. */
export const TEST_SUBJECT_PREFIX = '[Test] ';

export interface SampleMessageOptions {
  type: LinkType;
  language: SupportedLanguage;
  /** The gateway's public origin: the sample link points there, at a path that is not a token. */
  publicBaseUrl: string;
  appName: string;
  branding?: Partial<Branding> | null;
  recipient?: string;
  actionName?: string | null;
  shortMessage?: string | null;
  now?: Date;
}

/** `/l/` answers it as an unknown link: a preview or test mail can never sign anyone in. */
export function sampleLinkUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl}/l/sample-link-preview`;
}

/** The values a preview or a test send is rendered with: sample link and code, the tenant's name and branding. */
export function sampleMessageInput(o: SampleMessageOptions): MessageInput {
  const now = o.now ?? new Date();
  return {
    type: o.type,
    language: o.language,
    appName: o.appName,
    url: sampleLinkUrl(o.publicBaseUrl),
    code: SAMPLE_CODE,
    actionName: o.actionName ?? null,
    shortMessage: o.shortMessage ?? null,
    expiresAt: new Date(now.getTime() + SAMPLE_LIFETIME_MS),
    now,
    recipient: o.recipient ?? 'recipient@example.com',
    branding: { ...DEFAULT_BRANDING, ...stripNullish(o.branding) },
  };
}

export function testSubject(subject: string): string {
  return `${TEST_SUBJECT_PREFIX}${subject}`;
}

/** Keeps only the branding fields that are set, so a partial policy value falls back field by field. */
function stripNullish(b: Partial<Branding> | null | undefined): Partial<Branding> {
  if (!b) return {};
  const out: Partial<Branding> = {};
  if (typeof b.logo_url === 'string') out.logo_url = b.logo_url;
  if (typeof b.primary_color === 'string') out.primary_color = b.primary_color;
  if (typeof b.footer === 'string') out.footer = b.footer;
  return out;
}
