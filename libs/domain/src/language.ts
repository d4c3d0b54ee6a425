/** Languages with default templates. English is the last resort. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export const FALLBACK_LANGUAGE: SupportedLanguage = 'en';

/** BCP 47-ish: a primary subtag of 2-3 letters, then subtags of 2-8 letters or digits (`pt-BR`, `zh-Hant-TW`). */
export const BCP47_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The supported language a tag stands for: `pt-BR` → `pt`, `DE` → `de`; null when unsupported
 * (the caller then falls back, as Passage does for an unsupported `language`).
 */
export function supportedLanguage(tag: string | null | undefined): SupportedLanguage | null {
  if (!tag || !BCP47_TAG.test(tag)) return null;
  const primary = tag.split(/[-_]/)[0].toLowerCase();
  return isSupportedLanguage(primary) ? primary : null;
}

/** The first supported language among the candidates (request, user, tenant default), else English. */
export function resolveLanguage(...candidates: (string | null | undefined)[]): SupportedLanguage {
  for (const c of candidates) {
    const lang = supportedLanguage(c);
    if (lang) return lang;
  }
  return FALLBACK_LANGUAGE;
}
