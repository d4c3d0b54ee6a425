import { escapeHtml } from './escape';
import type { MessageStrings, TypeStrings } from '@sesame/i18n';

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** The words of the default email that change with its language and link type, HTML-escaped. */
export interface LinkEmailWords {
  locale: string;
  subject: string;
  intro: string;
  heading: string;
  button: string;
  code: string;
  expiry: string;
  fallback: string;
  securityNote: string;
  footer: string;
}

export function linkEmailWords(s: MessageStrings, t: TypeStrings): LinkEmailWords {
  const h = escapeHtml;
  return {
    locale: h(s.locale), subject: h(t.subject), intro: h(t.intro), heading: h(t.heading), button: h(t.button),
    code: h(s.code), expiry: h(s.expiry), fallback: h(s.fallback), securityNote: h(s.securityNote), footer: h(s.footer),
  };
}

export const LINK_EMAIL_WORDS: ReadonlyArray<keyof LinkEmailWords> = ['locale', 'subject', 'intro', 'heading', 'button', 'code', 'expiry', 'fallback', 'securityNote', 'footer'];

/** What stands in a word's place in the compiled layout: plain text, which MJML copies as it is. */
export const wordMarker = (word: string) => `[[sesame-word:${word}]]`;

/** Every marker in a text (global: use with replace or matchAll); group 1 is the word. */
export const WORD_MARKERS = /\[\[sesame-word:(\w+)\]\]/g;

/** Every word as its marker: the MJML that `npm run email-layout:generate` compiles. */
export function layoutWithMarkers(): string {
  return linkEmailMjml(Object.fromEntries(LINK_EMAIL_WORDS.map((w) => [w, wordMarker(w)])) as unknown as LinkEmailWords);
}

/**
 * How the layout is compiled. Colours are Mustache tags at that point, hence no validation. No web
 * fonts: MJML would link a Google Fonts stylesheet for "Roboto" (a request per open that tells
 * Google who reads the mail, and markup custom templates may not carry).
 */
export const MJML_OPTIONS = { validationLevel: 'skip', keepComments: false, fonts: {} } as const;

/**
 * The default email as MJML. Its layout is the same for every type and language: only the words
 * differ, so it is compiled once, at development time, with a marker in each word's place
 * (link-email.layout.ts, written by `npm run email-layout:generate`; a test fails when it is
 * stale), and the renderer puts each type and language's words in. What varies per message stays
 * a Mustache tag, filled in and escaped per send. Conditional parts use `mj-raw` around Mustache
 * sections, so a missing logo, short message or code leaves no empty box.
 */
export function linkEmailMjml(w: LinkEmailWords): string {
  const button = `{{#action_name}}{{action_name}}{{/action_name}}{{^action_name}}${w.button}{{/action_name}}`;
  return `<mjml lang="${w.locale}">
  <mj-head>
    <mj-title>${w.subject}</mj-title>
    <mj-preview>${w.intro}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT}" />
      <mj-text font-size="16px" line-height="24px" color="#3f3f46" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f5" width="560px">
    <mj-raw>{{#logo_url}}</mj-raw>
    <mj-section padding="24px 0 0 0">
      <mj-column>
        <mj-image src="{{logo_url}}" alt="{{app_name}}" width="120px" align="center" padding="0" />
      </mj-column>
    </mj-section>
    <mj-raw>{{/logo_url}}</mj-raw>
    <mj-wrapper padding="24px 16px">
      <mj-section background-color="#ffffff" border-radius="8px 8px 0 0" padding="32px 16px 0 16px">
        <mj-column>
          <mj-text font-size="22px" line-height="30px" font-weight="700" color="#18181b"><h1 style="margin:0;font-size:22px;line-height:30px;">${w.heading}</h1></mj-text>
          <mj-text>${w.intro}</mj-text>
          <mj-raw>{{#short_message}}</mj-raw>
          <mj-text><p style="margin:0;padding:12px 16px;border-left:4px solid {{brand_color}};background-color:#f4f4f5;">{{short_message}}</p></mj-text>
          <mj-raw>{{/short_message}}</mj-raw>
          <mj-button href="{{link}}" background-color="{{brand_color}}" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" inner-padding="14px 28px" align="left">${button}</mj-button>
          <mj-raw>{{#code}}</mj-raw>
          <mj-text>${w.code}</mj-text>
          <mj-text font-size="28px" line-height="36px" font-weight="700" letter-spacing="6px" color="#18181b"><span style="font-family:Menlo,Consolas,monospace;">{{code}}</span></mj-text>
          <mj-raw>{{/code}}</mj-raw>
          <mj-text font-size="14px" line-height="22px">${w.expiry}</mj-text>
          <mj-text font-size="14px" line-height="22px">${w.fallback}</mj-text>
          <mj-text font-size="13px" line-height="20px"><a href="{{link}}" style="color:{{brand_color}};text-decoration:underline;word-break:break-all;">{{link}}</a></mj-text>
        </mj-column>
      </mj-section>
      <mj-section background-color="#ffffff" border-radius="0 0 8px 8px" padding="0 16px 24px 16px">
        <mj-column border-top="1px solid #e4e4e7">
          <mj-text font-size="13px" line-height="20px" color="#52525b" padding-top="16px">${w.securityNote}</mj-text>
          <mj-text font-size="12px" line-height="18px" color="#71717a">{{#footer_text}}{{footer_text}}{{/footer_text}}{{^footer_text}}${w.footer}{{/footer_text}}</mj-text>
        </mj-column>
      </mj-section>
    </mj-wrapper>
  </mj-body>
</mjml>`;
}

/** The default plain-text part, same content as the HTML. */
export function linkEmailText(s: MessageStrings, t: TypeStrings): string {
  const button = `{{#action_name}}{{action_name}}{{/action_name}}{{^action_name}}${t.button}{{/action_name}}`;
  return [
    t.heading,
    '',
    t.intro,
    '{{#short_message}}',
    '{{short_message}}',
    '{{/short_message}}',
    '',
    `${button}: {{link}}`,
    '{{#code}}',
    `${s.code} {{code}}`,
    '{{/code}}',
    '',
    s.expiry,
    '',
    s.securityNote,
    '',
    `{{#footer_text}}{{footer_text}}{{/footer_text}}{{^footer_text}}${s.footer}{{/footer_text}}`,
    '',
  ].join('\n');
}

/** The default subject: "<action_name> at <app name>" when an action name is given. */
export function linkEmailSubject(s: MessageStrings, t: TypeStrings): string {
  return `{{#action_name}}${s.actionSubject}{{/action_name}}{{^action_name}}${t.subject}{{/action_name}}`;
}

/** The default text message: short, with the link and the code. */
export function linkSmsText(s: MessageStrings, t: TypeStrings): string {
  return `{{#action_name}}${s.actionSubject}{{/action_name}}{{^action_name}}${t.smsSubject ?? t.subject}{{/action_name}}: {{link}}` +
    `{{#code}}\n${s.code} {{code}}{{/code}}{{#short_message}}\n{{short_message}}{{/short_message}}`;
}
