import type { SupportedLanguage } from '@sesame/domain';
import { de } from './de.strings';
import { en } from './en.strings';
import { es } from './es.strings';
import { fr } from './fr.strings';
import type { MessageStrings } from './message-strings';
import { pt } from './pt.strings';

export type { MessageStrings, TypeStrings } from './message-strings';

/** One table per supported language (libs/domain SUPPORTED_LANGUAGES); the type keeps them in step. */
export const MESSAGE_STRINGS: Readonly<Record<SupportedLanguage, MessageStrings>> = { en, es, fr, de, pt };
