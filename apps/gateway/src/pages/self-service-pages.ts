import type { SelfServiceKind } from '@sesame/domain';
import { escapeHtml, page } from './html';
import { FORM_STYLE } from './password-reset-pages';
import { SELF_SERVICE_TEXT, PAGE_TEXT, withApp } from './self-service.strings';

/** Where each self-service page lives under `/p/<tenant_slug>/`. */
export const SELF_SERVICE_PATHS: Record<SelfServiceKind, string> = {
  forgot_password: 'forgot-password',
  verify_email: 'verify-email',
  sign_up: 'sign-up',
};

export interface SelfServiceForm {
  slug: string;
  kind: SelfServiceKind;
  appName: string;
  redirectUrl: string | null;
  /** Sign-up: the context_data fields to carry to the POST (hidden). */
  contextData?: Record<string, string>;
  error?: string;
}

/** The email form of a self-service page; a plain form that POSTs to itself (no script). */
export function selfServiceFormPage(f: SelfServiceForm): string {
  const t = SELF_SERVICE_TEXT[f.kind];
  const hidden = [
    f.redirectUrl ? `<input type="hidden" name="redirect_url" value="${escapeHtml(f.redirectUrl)}">` : '',
    ...Object.entries(f.contextData ?? {}).map(([k, v]) => `<input type="hidden" name="context_data[${escapeHtml(k)}]" value="${escapeHtml(v)}">`),
  ].join('');
  return page(withApp(t.title, f.appName), `${FORM_STYLE}
<h1>${escapeHtml(withApp(t.title, f.appName))}</h1>
<p>${escapeHtml(withApp(t.intro, f.appName))}</p>
${f.error ? `<p class="error" role="alert">${escapeHtml(f.error)}</p>` : ''}
<form method="post" action="/p/${escapeHtml(f.slug)}/${SELF_SERVICE_PATHS[f.kind]}">
  <p><label for="email">${escapeHtml(PAGE_TEXT.emailLabel)}</label><br>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320"></p>
  ${hidden}
  <button type="submit">${escapeHtml(t.button)}</button>
</form>`);
}

/** The answer to every accepted request, whoever the address belongs to: it must not tell. */
export function selfServiceSentPage(kind: SelfServiceKind, appName: string): string {
  const t = SELF_SERVICE_TEXT[kind];
  return page(t.sentTitle, `<h1>${escapeHtml(t.sentTitle)}</h1><p>${escapeHtml(withApp(t.sent, appName))}</p>`);
}

/** The tenant does not offer this page (policy); saying so reveals nothing about any address. */
export function selfServiceOffPage(kind: SelfServiceKind, appName: string): { status: number; html: string } {
  const t = SELF_SERVICE_TEXT[kind];
  return { status: 403, html: page(t.offTitle, `<h1>${escapeHtml(t.offTitle)}</h1><p>${escapeHtml(withApp(t.off, appName))}</p>`) };
}
