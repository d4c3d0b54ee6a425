export type { Catalogue, EndStrings, MessageStrings, PageStrings, Plural, SelfServiceStrings, TypeStrings } from './catalogue';
export { CATALOGUES } from './catalogues';
export { fill, plural } from './fill';
export { chooseLanguage, preferredLanguage } from './language-choice';
export type { LanguageSources } from './language-choice';
export { durationWords, expiresInWords } from './relative-time';
