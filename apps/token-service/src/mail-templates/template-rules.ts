import { isLinkType, isSupportedLanguage, LINK_TYPES, LinkType, SesameError, SUPPORTED_LANGUAGES, SupportedLanguage } from '@sesame/domain';
import { MessageTemplates, validateTemplates } from '@sesame/mail-templates';

export interface TemplateKey {
  type: LinkType;
  language: SupportedLanguage;
}

/** The type and language of a template path: `400 unknown_type` or `400 unsupported_language` otherwise. */
export function templateKey(type: string, language: string): TemplateKey {
  if (!isLinkType(type)) {
    throw new SesameError('unknown_type', `Unknown template type; one of ${LINK_TYPES.join(', ')}`, { supported: LINK_TYPES });
  }
  if (!isSupportedLanguage(language)) {
    throw new SesameError('unsupported_language', `Unsupported language; one of ${SUPPORTED_LANGUAGES.join(', ')}`, { supported: SUPPORTED_LANGUAGES });
  }
  return { type, language };
}

/**
 * The templates as they may be saved or rendered: `400 invalid_template` listing every issue
 * (`details.issues`: field and message) when validateTemplates finds any.
 */
export function validTemplates(t: { subject?: unknown; html?: unknown; text?: unknown }): MessageTemplates {
  const templates = { subject: t.subject, html: t.html, text: t.text } as MessageTemplates;
  const issues = validateTemplates(templates);
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.field} ${i.message}`).join('; ');
    throw new SesameError('invalid_template', `The template cannot be used: ${summary}`, { issues });
  }
  return templates;
}
