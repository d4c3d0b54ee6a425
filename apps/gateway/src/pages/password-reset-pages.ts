import { MIN_PASSWORD_LENGTH } from '@sesame/domain';
import { escapeHtml, page } from './html';

export const FORM_STYLE = `<style>
  label { font-weight: 600; }
  input { box-sizing: border-box; width: 100%; margin-top: 4px; padding: 10px 12px; font-size: 1rem; border: 1px solid #c7c7cc; border-radius: 8px; }
  .error { color: #b3261e; }
</style>`;

/**
 * The hosted "choose a new password" page of a password_reset link. A plain form (no script):
 * its POST consumes the link and stores the password; a GET never consumes.
 */
export function choosePasswordPage(token: string, appName: string, error?: string): string {
  return page(`Choose a new password – ${appName}`, `${FORM_STYLE}
<h1>Choose a new password for ${escapeHtml(appName)}</h1>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/l/${escapeHtml(token)}/password">
  <p><label for="password">New password</label><br>
  <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256"></p>
  <p><label for="password_confirm">Repeat the new password</label><br>
  <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="256"></p>
  <p class="muted">At least ${MIN_PASSWORD_LENGTH} characters. This link works once.</p>
  <button type="submit">Save password</button>
</form>`);
}

export function passwordChangedPage(appName: string, continueTo: string): string {
  return page(`Password changed – ${appName}`, `
<h1>Your password was changed</h1>
<p>You can now sign in to ${escapeHtml(appName)} with your new password.</p>
<p><a href="${escapeHtml(continueTo)}">Continue to ${escapeHtml(appName)}</a></p>`);
}
