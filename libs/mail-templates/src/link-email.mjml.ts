import { escapeHtml } from './escape';
import type { MessageStrings, TypeStrings } from '@sesame/i18n';

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/**
 * The default email as MJML, for one type in one language. The language's words are baked in
 * (escaped) when the template is compiled at start-up; what varies per message stays a Mustache
 * tag, filled in and escaped per send. Conditional parts use `mj-raw` around Mustache sections,
 * so a missing logo, short message or code leaves no empty box.
 */
export function linkEmailMjml(s: MessageStrings, t: TypeStrings): string {
  const h = escapeHtml;
  const button = `{{#action_name}}{{action_name}}{{/action_name}}{{^action_name}}${h(t.button)}{{/action_name}}`;
  return `<mjml lang="${h(s.locale)}">
  <mj-head>
    <mj-title>${h(t.subject)}</mj-title>
    <mj-preview>${h(t.intro)}</mj-preview>
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
          <mj-text font-size="22px" line-height="30px" font-weight="700" color="#18181b"><h1 style="margin:0;font-size:22px;line-height:30px;">${h(t.heading)}</h1></mj-text>
          <mj-text>${h(t.intro)}</mj-text>
          <mj-raw>{{#short_message}}</mj-raw>
          <mj-text><p style="margin:0;padding:12px 16px;border-left:4px solid {{brand_color}};background-color:#f4f4f5;">{{short_message}}</p></mj-text>
          <mj-raw>{{/short_message}}</mj-raw>
          <mj-button href="{{link}}" background-color="{{brand_color}}" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" inner-padding="14px 28px" align="left">${button}</mj-button>
          <mj-raw>{{#code}}</mj-raw>
          <mj-text>${h(s.code)}</mj-text>
          <mj-text font-size="28px" line-height="36px" font-weight="700" letter-spacing="6px" color="#18181b"><span style="font-family:Menlo,Consolas,monospace;">{{code}}</span></mj-text>
          <mj-raw>{{/code}}</mj-raw>
          <mj-text font-size="14px" line-height="22px">${h(s.expiry)}</mj-text>
          <mj-text font-size="14px" line-height="22px">${h(s.fallback)}</mj-text>
          <mj-text font-size="13px" line-height="20px"><a href="{{link}}" style="color:{{brand_color}};text-decoration:underline;word-break:break-all;">{{link}}</a></mj-text>
        </mj-column>
      </mj-section>
      <mj-section background-color="#ffffff" border-radius="0 0 8px 8px" padding="0 16px 24px 16px">
        <mj-column border-top="1px solid #e4e4e7">
          <mj-text font-size="13px" line-height="20px" color="#52525b" padding-top="16px">${h(s.securityNote)}</mj-text>
          <mj-text font-size="12px" line-height="18px" color="#71717a">{{#footer_text}}{{footer_text}}{{/footer_text}}{{^footer_text}}${h(s.footer)}{{/footer_text}}</mj-text>
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
  return `{{#action_name}}${s.actionSubject}{{/action_name}}{{^action_name}}${t.subject}{{/action_name}}: {{link}}` +
    `{{#code}}\n${s.code} {{code}}{{/code}}{{#short_message}}\n{{short_message}}{{/short_message}}`;
}
