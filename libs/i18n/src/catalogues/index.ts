import type { SupportedLanguage } from '@sesame/domain';
import type { Catalogue } from '../catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { pt } from './pt';

/**
 * One catalogue per supported language (libs/domain SUPPORTED_LANGUAGES): adding a language is
 * adding its file here and its code there; the Record type refuses a missing one.
 */
export const CATALOGUES: Readonly<Record<SupportedLanguage, Catalogue>> = { en, es, fr, de, pt };
