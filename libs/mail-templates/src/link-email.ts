import { isLinkType, LinkType } from '@sesame/domain';
import { escapeHtml, fill, singleLine } from './escape';
import { linkEmailLayout } from './link-email.layout';
import { stringsFor } from './link-email.strings';
import { expiresInWords } from './relative-time';

export interface LinkEmailInput {
  type: LinkType;
  /** The tenant's name: untrusted input, escaped everywhere it appears. */
  appName: string;
  /** The magic link itself (http or https). */
  url: string;
  expiresAt: Date;
  now?: Date;
  /** BCP 47 tag such as `en` or `en-GB`; unknown languages fall back to English. */
  language?: string | null;
  /** The 6-digit fallback code, for links asked for on a sign-in page (same lifetime as the link). */
  code?: string | null;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function renderLinkEmail(input: LinkEmailInput): RenderedEmail {
  if (!isLinkType(input.type)) throw new Error(`Unknown link type "${String(input.type)}"`);
  if (!/^https?:\/\//i.test(input.url)) throw new Error('Link URL must be http(s)');
  const strings = stringsFor(input.language);
  const t = strings.types[input.type];
  const vars = {
    appName: singleLine(input.appName) || 'your app',
    expiry: expiresInWords(input.expiresAt, input.now ?? new Date(), strings.locale),
    code: input.code && /^[0-9]{6}$/.test(input.code) ? input.code : '',
  };
  const plain = (s: string) => fill(s, vars);
  const html = (s: string) => fill(s, vars, escapeHtml);

  const subject = plain(t.subject);
  return {
    subject,
    html: linkEmailLayout({
      lang: escapeHtml(strings.locale),
      title: html(t.subject),
      preheader: html(t.intro),
      heading: html(t.heading),
      intro: html(t.intro),
      button: html(t.button),
      url: input.url,
      expiry: html(strings.expiry),
      fallback: html(strings.fallback),
      securityNote: html(strings.securityNote),
      footer: html(strings.footer),
      code: vars.code ? html(strings.code) : null,
    }),
    text: [
      plain(t.heading),
      '',
      plain(t.intro),
      '',
      `${plain(t.button)}: ${input.url}`,
      '',
      plain(strings.expiry),
      '',
      ...(vars.code ? [plain(strings.code), ''] : []),
      plain(strings.securityNote),
      '',
      plain(strings.footer),
      '',
    ].join('\n'),
  };
}
