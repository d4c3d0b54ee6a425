import type { SelfServiceKind } from '@sesame/domain';
import { fill, SelfServiceStrings } from '@sesame/i18n';
import { escapeHtml, HostedPage, layout, phrase } from './html';
import type { PageContext } from './page-context';

/** Where each self-service page lives under `/p/<tenant_slug>/`, and its strings. */
export const SELF_SERVICE_PAGES: Record<SelfServiceKind, { path: string; strings: (ctx: PageContext) => SelfServiceStrings }> = {
  forgot_password: { path: 'forgot-password', strings: (ctx) => ctx.t.pages.selfService.forgotPassword },
  verify_email: { path: 'verify-email', strings: (ctx) => ctx.t.pages.selfService.verifyEmail },
  sign_up: { path: 'sign-up', strings: (ctx) => ctx.t.pages.selfService.signUp },
};

export interface SelfServiceForm {
  slug: string;
  kind: SelfServiceKind;
  redirectUrl: string | null;
  /** Sign-up: the context_data fields to carry to the POST (hidden). */
  contextData?: Record<string, string>;
  error?: string;
  status?: number;
}

/** The email form of a self-service page; a plain form that POSTs to itself (no script). */
export function selfServiceFormPage(ctx: PageContext, f: SelfServiceForm): HostedPage {
  const s = SELF_SERVICE_PAGES[f.kind].strings(ctx);
  const app = { app_name: ctx.branding.appName };
  const hidden = [
    f.redirectUrl ? `<input type="hidden" name="redirect_url" value="${escapeHtml(f.redirectUrl)}">` : '',
    ...Object.entries(f.contextData ?? {}).map(([k, v]) => `<input type="hidden" name="context_data[${escapeHtml(k)}]" value="${escapeHtml(v)}">`),
  ].join('\n  ');
  return {
    status: f.status ?? (f.error ? 400 : 200),
    html: layout(ctx, fill(s.title, app), `
<h1>${phrase(s.title, app)}</h1>
<p>${phrase(s.intro, app)}</p>
${f.error ? `<p class="error" role="alert">${escapeHtml(f.error)}</p>` : ''}
<form method="post" action="/p/${escapeHtml(f.slug)}/${SELF_SERVICE_PAGES[f.kind].path}">
  <label for="email">${phrase(ctx.t.pages.signIn.emailLabel)}</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320">
  ${hidden}
  <button class="button" type="submit">${phrase(s.button)}</button>
</form>`),
  };
}

/** The answer to every accepted request, whoever the address belongs to: it must not tell. */
export function selfServiceSentPage(ctx: PageContext, kind: SelfServiceKind): HostedPage {
  const s = SELF_SERVICE_PAGES[kind].strings(ctx);
  return { status: 200, html: layout(ctx, s.sentTitle, `<h1>${phrase(s.sentTitle)}</h1><p>${phrase(s.sent, { app_name: ctx.branding.appName })}</p>`) };
}

/** The tenant does not offer this page (policy); saying so reveals nothing about any address. */
export function selfServiceOffPage(ctx: PageContext, kind: SelfServiceKind): HostedPage {
  const s = SELF_SERVICE_PAGES[kind].strings(ctx).off;
  const app = { app_name: ctx.branding.appName };
  return { status: 403, html: layout(ctx, s.title, `<h1>${phrase(s.title)}</h1><p>${phrase(s.text, app)}</p>`) };
}
