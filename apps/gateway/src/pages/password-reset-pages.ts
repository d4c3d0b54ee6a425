import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, NewPasswordIssue } from '@sesame/domain';
import { fill } from '@sesame/i18n';
import { escapeHtml, HostedPage, layout, phrase } from './html';
import type { PageContext } from './page-context';

/**
 * The hosted "choose a new password" page of a password_reset link. A plain form (no script):
 * its POST consumes the link and stores the password; a GET never consumes.
 */
export function choosePasswordPage(ctx: PageContext, token: string, error?: string): HostedPage {
  const s = ctx.t.pages.password;
  const app = { app_name: ctx.branding.appName };
  return {
    status: error ? 400 : 200,
    html: layout(ctx, fill(s.title, app), `
<h1>${phrase(s.title, app)}</h1>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/l/${escapeHtml(token)}/password">
  <label for="password">${phrase(s.newLabel)}</label>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256">
  <label for="password_confirm">${phrase(s.repeatLabel)}</label>
  <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256">
  <p class="muted">${phrase(s.hint, { min: MIN_PASSWORD_LENGTH })}</p>
  <button class="button" type="submit">${phrase(s.button)}</button>
</form>`),
  };
}

export function passwordChangedPage(ctx: PageContext, continueTo: string): HostedPage {
  const s = ctx.t.pages.password;
  const app = { app_name: ctx.branding.appName };
  return {
    status: 200,
    html: layout(ctx, s.changedTitle, `
<h1>${phrase(s.changedTitle)}</h1>
<p>${phrase(s.changedText, app)}</p>
<div class="actions"><a class="button" href="${escapeHtml(continueTo)}">${phrase(s.continue, app)}</a></div>`),
  };
}

/** Why the password was refused, in the page's language. */
export function passwordIssueMessage(ctx: PageContext, issue: NewPasswordIssue): string {
  const s = ctx.t.pages.password;
  if (issue === 'too_long') return fill(s.tooLong, { max: MAX_PASSWORD_LENGTH });
  if (issue === 'blank') return s.blank;
  return fill(s.tooShort, { min: MIN_PASSWORD_LENGTH });
}
