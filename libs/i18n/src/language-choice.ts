import { FALLBACK_LANGUAGE, SupportedLanguage, supportedLanguage } from '@sesame/domain';

/** Where a hosted page's language comes from, in the order they win. */
export interface LanguageSources {
  /** The link's `language` (what its email was written in). */
  link?: string | null;
  /** The browser's `Accept-Language` header. */
  acceptLanguage?: string | string[] | null;
  /** The tenant policy's `app.default_language`. */
  tenantDefault?: string | null;
}

/**
 * The language of a hosted page: the link's, then the browser's first supported preference,
 * then the tenant's default, then English. A page opened from an email reads like the email.
 */
export function chooseLanguage(sources: LanguageSources): SupportedLanguage {
  return supportedLanguage(sources.link)
    ?? preferredLanguage(sources.acceptLanguage)
    ?? supportedLanguage(sources.tenantDefault)
    ?? FALLBACK_LANGUAGE;
}

const MAX_RANGES = 20;

/** The first supported language of an `Accept-Language` header, by quality (`q`), ties in order. */
export function preferredLanguage(header: string | string[] | null | undefined): SupportedLanguage | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  const ranges = value.split(',').slice(0, MAX_RANGES).map((part, index) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
  });
  ranges.sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranges) {
    if (r.quality <= 0) continue;
    const lang = supportedLanguage(r.tag);
    if (lang) return lang;
  }
  return null;
}
