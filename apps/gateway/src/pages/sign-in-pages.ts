import { escapeHtml, page } from './html';

/**
 * Hosted pages of the sign-in flow (links asked for through the public endpoint or the hosted
 * request page). No script: forms POST, and the waiting page refreshes itself with a meta refresh.
 */

const matchBlock = (matchCode: string) =>
  `<p class="match" aria-label="Match code">${escapeHtml(matchCode)}</p>`;

const MATCH_STYLE = `<style>.match{font:600 1.6rem/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.12em;text-align:center;margin:8px 0 20px}
input{width:100%;box-sizing:border-box;padding:10px 12px;font-size:1rem;margin:0 0 12px;border:1px solid #c7c7cc;border-radius:8px}
.error{color:#b3261e}</style>`;

/** The confirm page of a requested link opened in another browser (or by a scanner): only its POST uses the link. */
export function signInConfirmPage(token: string, appName: string, matchCode: string): string {
  return page(`Sign in – ${appName}`, `${MATCH_STYLE}
<h1>Sign in to ${escapeHtml(appName)}?</h1>
<p>Check that this code is the one shown on the screen where you asked to sign in:</p>
${matchBlock(matchCode)}
<form method="post" action="/l/${escapeHtml(token)}">
  <button type="submit">Yes, sign me in</button>
</form>
<p class="muted">If the codes differ, or you did not ask to sign in, close this page.</p>`);
}

export function signInApprovedPage(appName: string, matchCode: string): string {
  return page(`Approved – ${appName}`, `${MATCH_STYLE}
<h1>Sign-in approved</h1>
<p>Go back to the screen showing this code; it is signing you in to ${escapeHtml(appName)}.</p>
${matchBlock(matchCode)}
<p class="muted">You can close this page.</p>`);
}

export function lockedOutPage(retryAfterSeconds: number): { status: number; html: string } {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return { status: 429, html: page('Too many attempts', `<h1>Too many attempts</h1><p>Sign-in from this network is paused. Try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.</p>`) };
}

/** The hosted request page: an email form that POSTs to itself. */
export function signInRequestPage(slug: string, appName: string, redirectUrl: string | null, error?: string): string {
  return page(`Sign in – ${appName}`, `${MATCH_STYLE}
<h1>Sign in to ${escapeHtml(appName)}</h1>
<p>We will email you a sign-in link and a code.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/p/${escapeHtml(slug)}/sign-in">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320">
  ${redirectUrl ? `<input type="hidden" name="redirect_url" value="${escapeHtml(redirectUrl)}">` : ''}
  <button type="submit">Email me a link</button>
</form>`);
}

/**
 * The asking screen: the match code, a form for the 6-digit code, and a refresh every few seconds
 * that completes the sign-in as soon as the link is confirmed on another device.
 */
export function signInWaitingPage(slug: string, requestId: string, appName: string, matchCode: string, error?: string): string {
  const self = `/p/${escapeHtml(slug)}/sign-in/${escapeHtml(requestId)}`;
  return page(`Check your email – ${appName}`, `<meta http-equiv="refresh" content="3;url=${self}">${MATCH_STYLE}
<h1>Check your email</h1>
<p>If the address has an account with ${escapeHtml(appName)}, we sent it a sign-in link. Open it on any device; the page it shows will have this code:</p>
${matchBlock(matchCode)}
<p>Or type the 6-digit code from the email:</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${self}/code">
  <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-label="6-digit code">
  <button type="submit">Sign in</button>
</form>
<p class="muted">This page continues by itself once you confirm on another device.</p>`);
}

export function signInEndedPage(status: 'completed' | 'expired' | 'failed'): { status: number; html: string } {
  const text = {
    completed: ['Already signed in', 'This sign-in was completed. Ask for a new link to sign in again.'],
    expired: ['This request has expired', 'Ask for a new link.'],
    failed: ['This request was stopped', 'Too many wrong codes were entered. Ask for a new link.'],
  }[status];
  return { status: 410, html: page(text[0], `<h1>${escapeHtml(text[0])}</h1><p>${escapeHtml(text[1])}</p>`) };
}
