import type { SecondFactor } from '@sesame/domain';
import { escapeHtml, page } from './html';
import { FORM_STYLE } from './password-reset-pages';
import { PAGE_TEXT, withApp } from './self-service.strings';

/**
 * The hosted two-step sign-in of an application whose flow is "password then magic link"
 * (Entrust authentication flow): the password, then the second factors the application offers,
 * Magic Link among them. Plain forms, no script.
 */

export interface AppSignInForm {
  base: string;
  appName: string;
  /** Link to the forgot-password page, when the tenant offers it. */
  forgotPasswordUrl: string | null;
  error?: string;
}

export function appSignInPage(f: AppSignInForm): string {
  return page(withApp(PAGE_TEXT.signInTitle, f.appName), `${FORM_STYLE}
<h1>${escapeHtml(withApp(PAGE_TEXT.signInTitle, f.appName))}</h1>
<p>${escapeHtml(PAGE_TEXT.signInIntro)}</p>
${f.error ? `<p class="error" role="alert">${escapeHtml(f.error)}</p>` : ''}
<form method="post" action="${escapeHtml(f.base)}">
  <p><label for="email">${escapeHtml(PAGE_TEXT.emailLabel)}</label><br>
  <input id="email" name="email" type="email" autocomplete="username" required maxlength="320"></p>
  <p><label for="password">${escapeHtml(PAGE_TEXT.passwordLabel)}</label><br>
  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"></p>
  <button type="submit">${escapeHtml(PAGE_TEXT.signInButton)}</button>
</form>
${f.forgotPasswordUrl ? `<p class="muted"><a href="${escapeHtml(f.forgotPasswordUrl)}">${escapeHtml(PAGE_TEXT.forgotPassword)}</a></p>` : ''}`);
}

const OPTION: Record<SecondFactor, { label: string; hint: string }> = {
  magic_link: { label: PAGE_TEXT.magicLinkOption, hint: PAGE_TEXT.magicLinkHint },
};

/** Step two: each second factor the application allows is one button; none, and the page says so. */
export function secondFactorPage(base: string, appName: string, options: SecondFactor[]): string {
  const choices = options.length
    ? options.map((o) => `<form method="post" action="${escapeHtml(base)}/second-factor">
  <input type="hidden" name="factor" value="${o}">
  <button type="submit">${escapeHtml(OPTION[o].label)}</button>
  <p class="muted">${escapeHtml(OPTION[o].hint)}</p>
</form>`).join('\n')
    : `<p role="alert">${escapeHtml(withApp(PAGE_TEXT.noSecondFactor, appName))}</p>`;
  return page(PAGE_TEXT.secondFactorTitle, `${FORM_STYLE}
<h1>${escapeHtml(PAGE_TEXT.secondFactorTitle)}</h1>
<p>${escapeHtml(withApp(PAGE_TEXT.secondFactorIntro, appName))}</p>
${choices}`);
}

export function magicLinkSentPage(base: string, appName: string): string {
  return page(PAGE_TEXT.linkSentTitle, `<h1>${escapeHtml(PAGE_TEXT.linkSentTitle)}</h1>
<p>${escapeHtml(withApp(PAGE_TEXT.linkSent, appName))}</p>
<p class="muted"><a href="${escapeHtml(base)}">${escapeHtml(PAGE_TEXT.startAgain)}</a></p>`);
}

export function appDisabledPage(appName: string): { status: number; html: string } {
  return {
    status: 403,
    html: page(PAGE_TEXT.appDisabledTitle, `<h1>${escapeHtml(PAGE_TEXT.appDisabledTitle)}</h1><p>${escapeHtml(withApp(PAGE_TEXT.appDisabled, appName))}</p>`),
  };
}
