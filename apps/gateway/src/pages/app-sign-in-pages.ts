import type { SecondFactor } from '@sesame/domain';
import { fill } from '@sesame/i18n';
import { escapeHtml, HostedPage, layout, phrase } from './html';
import type { PageContext } from './page-context';

/**
 * The hosted two-step sign-in of an application whose flow is "password then magic link"
 * (Entrust authentication flow): the password, then the second factors the application offers,
 * Magic Link among them. Plain forms, no script. The words name the application, not the tenant.
 */

/** The application a page is about: its name and its page's path. */
export interface AppPage {
  base: string;
  appName: string;
}

export function appSignInPage(ctx: PageContext, a: AppPage, forgotPasswordUrl: string | null, error?: string, status?: number): HostedPage {
  const s = ctx.t.pages.appSignIn;
  const app = { app_name: a.appName };
  return {
    status: status ?? (error ? 400 : 200),
    html: layout(ctx, fill(s.title, app), `
<h1>${phrase(s.title, app)}</h1>
<p>${phrase(s.intro)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(a.base)}">
  <label for="email">${phrase(ctx.t.pages.signIn.emailLabel)}</label>
  <input id="email" name="email" type="email" autocomplete="username" required maxlength="320">
  <label for="password">${phrase(s.passwordLabel)}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
  <button class="button" type="submit">${phrase(s.button)}</button>
</form>
${forgotPasswordUrl ? `<p class="secondary"><a href="${escapeHtml(forgotPasswordUrl)}">${phrase(s.forgotPassword)}</a></p>` : ''}`),
  };
}

/** Step two: each second factor the application allows is one button; none, and the page says so. */
export function secondFactorPage(ctx: PageContext, a: AppPage, options: SecondFactor[], status = 200): HostedPage {
  const s = ctx.t.pages.appSignIn;
  const app = { app_name: a.appName };
  const label: Record<SecondFactor, { button: string; hint: string }> = { magic_link: { button: s.magicLinkOption, hint: s.magicLinkHint } };
  const choices = options.length
    ? options.map((o) => `<form method="post" action="${escapeHtml(a.base)}/second-factor">
  <input type="hidden" name="factor" value="${o}">
  <button class="button" type="submit">${phrase(label[o].button)}</button>
  <p class="muted">${phrase(label[o].hint)}</p>
</form>`).join('\n')
    : `<p class="error" role="alert">${phrase(s.noSecondFactor, app)}</p>`;
  return {
    status,
    html: layout(ctx, s.secondFactorTitle, `
<h1>${phrase(s.secondFactorTitle)}</h1>
<p>${phrase(s.secondFactorIntro, app)}</p>
${choices}`),
  };
}

export function magicLinkSentPage(ctx: PageContext, a: AppPage): HostedPage {
  const s = ctx.t.pages.appSignIn;
  return {
    status: 200,
    html: layout(ctx, s.sentTitle, `
<h1>${phrase(s.sentTitle)}</h1>
<p>${phrase(s.sent, { app_name: a.appName })}</p>
<p class="secondary"><a href="${escapeHtml(a.base)}">${phrase(s.startAgain)}</a></p>`),
  };
}

/** The application is disabled: refused before any factor is asked for. `appName` is the application's. */
export function appDisabledPage(ctx: PageContext, appName: string): HostedPage {
  const s = ctx.t.pages.appSignIn.disabled;
  return { status: 403, html: layout(ctx, s.title, `<h1>${phrase(s.title)}</h1><p>${phrase(s.text, { app_name: appName })}</p>`) };
}
