export * from './link-email';
export { escapeHtml } from './escape';
export { LINK_EMAIL_STRINGS, DEFAULT_LANGUAGE } from './link-email.strings';
export type { LinkEmailStrings, LinkTypeStrings } from './link-email.strings';
export { expiresInWords } from './relative-time';
