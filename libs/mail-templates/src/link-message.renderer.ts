import Mustache from 'mustache';
import { LINK_TYPES, LinkType, SUPPORTED_LANGUAGES, SupportedLanguage } from '@sesame/domain';
import { CATALOGUES, expiresInWords } from '@sesame/i18n';
import { escapeHtml, singleLine } from './escape';
import { sanitizeEmailHtml } from './html/email-html-sanitizer';
import { LINK_EMAIL_LAYOUT } from './link-email.layout';
import { LinkEmailWords, linkEmailSubject, linkEmailText, linkEmailWords, linkSmsText, WORD_MARKERS } from './link-email.mjml';
import type { TemplateView } from './template-variables';

/** Mustache sources of one message kind: what a tenant override replaces (`sms` is never overridden). */
export interface MessageTemplates {
  subject: string;
  html: string;
  text: string;
}

export interface Branding {
  logo_url: string | null;
  primary_color: string;
  footer: string | null;
}

export const DEFAULT_BRANDING: Branding = { logo_url: null, primary_color: '#1d4ed8', footer: null };

export interface MessageInput {
  type: LinkType;
  /** Already resolved (request → user → tenant default → en). */
  language: SupportedLanguage;
  /** Untrusted tenant input: escaped wherever it appears. */
  appName: string;
  url: string;
  code?: string | null;
  actionName?: string | null;
  shortMessage?: string | null;
  expiresAt: Date;
  now: Date;
  recipient: string;
  branding?: Branding;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const identity = (s: string) => s;
const key = (type: LinkType, language: string) => `${type}:${language}`;

/**
 * Renders link messages. The default email is the layout compiled from MJML at development time
 * (link-email.layout.ts) with each type and language's words put in, once, in `create()`; a
 * message is then one Mustache render (Mustache parses a template at its first use and keeps it).
 * No process loads MJML: compiling the twenty defaults at start-up took ~1.5 s of CPU in
 * token-service and in the mail-worker, loading MJML another ~0.5 s.
 */
export class LinkMessageRenderer {
  private constructor(
    private readonly emails: ReadonlyMap<string, MessageTemplates>,
    private readonly sms: ReadonlyMap<string, string>,
  ) {}

  static create(): LinkMessageRenderer {
    const emails = new Map<string, MessageTemplates>();
    const sms = new Map<string, string>();
    for (const language of SUPPORTED_LANGUAGES) {
      const s = CATALOGUES[language];
      for (const type of LINK_TYPES) {
        const t = s.types[type];
        const templates = { subject: linkEmailSubject(s, t), html: withWords(linkEmailWords(s, t)), text: linkEmailText(s, t) };
        emails.set(key(type, language), templates);
        sms.set(key(type, language), linkSmsText(s, t));
      }
    }
    return new LinkMessageRenderer(emails, sms);
  }

  /** The default templates of a type in a language (what GET /v1/templates shows without an override). */
  defaults(type: LinkType, language: SupportedLanguage): MessageTemplates {
    const t = this.emails.get(key(type, language));
    if (!t) throw new Error(`Unknown link type "${String(type)}"`);
    return t;
  }

  /**
   * An email: the tenant's override for this type and language when there is one, else the default.
   * An override's HTML is sanitized as rendered, whatever it was checked against when saved.
   */
  renderEmail(input: MessageInput, override?: MessageTemplates | null): RenderedEmail {
    const templates = override ?? this.defaults(input.type, input.language);
    const view = viewOf(input);
    const html = Mustache.render(templates.html, view, {}, { escape: escapeHtml });
    return {
      subject: singleLine(Mustache.render(templates.subject, view, {}, { escape: identity })),
      html: override ? sanitizeEmailHtml(html) : html,
      text: Mustache.render(templates.text, view, {}, { escape: identity }),
    };
  }

  /** A text message: the link, the code when there is one, and the short message. */
  renderSms(input: MessageInput): string {
    const tpl = this.sms.get(key(input.type, input.language));
    if (!tpl) throw new Error(`Unknown link type "${String(input.type)}"`);
    return Mustache.render(tpl, viewOf(input), {}, { escape: identity });
  }
}

/** The values of one message. Names are the template variables (TEMPLATE_VARIABLES). */
export function viewOf(input: MessageInput): TemplateView {
  if (!/^https?:\/\//i.test(input.url)) throw new Error('Link URL must be http(s)');
  const branding = input.branding ?? DEFAULT_BRANDING;
  return {
    link: input.url,
    code: input.code ?? '',
    app_name: singleLine(input.appName) || 'your app',
    action_name: singleLine(input.actionName ?? ''),
    short_message: singleLine(input.shortMessage ?? ''),
    expires_in: expiresInWords(input.expiresAt, input.now, CATALOGUES[input.language].locale),
    recipient: input.recipient,
    type: input.type,
    language: input.language,
    logo_url: branding.logo_url ?? '',
    brand_color: branding.primary_color,
    footer_text: singleLine(branding.footer ?? ''),
  };
}

/** The default email's HTML with one type and language's words in their places. */
function withWords(words: LinkEmailWords): string {
  // A function replacer: words are inserted as they are ("$&" in a word is not a pattern).
  return LINK_EMAIL_LAYOUT.replace(WORD_MARKERS, (_, w: keyof LinkEmailWords) => words[w]);
}
