import { durationWords, expiresInWords, fill, plural } from '@sesame/i18n';
import { escapeHtml, HostedPage, layout, phrase } from './html';
import { nextSteps } from './link-pages';
import { WAITING_SCRIPT_PATH } from './page-assets.controller';
import type { PageContext } from './page-context';

/**
 * Hosted pages of the sign-in flow (links asked for through the public endpoint or the hosted
 * request page). No script: forms POST, and the waiting page refreshes itself with a meta refresh.
 */

const matchBlock = (ctx: PageContext, matchCode: string) =>
  `<p class="match" aria-label="${phrase(ctx.t.pages.signIn.matchCodeLabel)}">${escapeHtml(matchCode)}</p>`;

/** The confirm page of a requested link opened in another browser (or by a scanner): only its POST uses the link. */
export function signInConfirmPage(ctx: PageContext, token: string, matchCode: string): HostedPage {
  const s = ctx.t.pages.signIn;
  const app = { app_name: ctx.branding.appName };
  return {
    status: 200,
    html: layout(ctx, fill(s.confirmTitle, app), `
<h1>${phrase(s.confirmTitle, app)}</h1>
<p>${phrase(s.confirmCheck)}</p>
${matchBlock(ctx, matchCode)}
<form method="post" action="/l/${escapeHtml(token)}">
  <button class="button" type="submit">${phrase(s.confirmButton)}</button>
</form>
<p class="muted">${phrase(s.confirmMismatch)}</p>`),
  };
}

export function signInApprovedPage(ctx: PageContext, matchCode: string): HostedPage {
  const s = ctx.t.pages.signIn;
  return {
    status: 200,
    html: layout(ctx, s.approvedTitle, `
<h1>${phrase(s.approvedTitle)}</h1>
<p>${phrase(s.approvedText, { app_name: ctx.branding.appName })}</p>
${matchBlock(ctx, matchCode)}
<p class="muted">${phrase(s.closePage)}</p>`),
  };
}

/** 429: this network (or link) is over its failed verifications; when it may try again, in words. */
export function lockedOutPage(ctx: PageContext, retryAfterSeconds: number, now = new Date()): HostedPage {
  const p = ctx.t.pages.problems.locked;
  const retryIn = expiresInWords(new Date(now.getTime() + Math.max(60, retryAfterSeconds) * 1000), now, ctx.t.locale);
  return { status: 429, html: layout(ctx, p.title, `<h1>${phrase(p.title)}</h1><p>${phrase(p.text, { retry_in: retryIn })}</p>`) };
}

/** The hosted request page: an email form that POSTs to itself. */
export function signInRequestPage(ctx: PageContext, slug: string, redirectUrl: string | null, error?: string): HostedPage {
  const s = ctx.t.pages.signIn;
  const app = { app_name: ctx.branding.appName };
  return {
    status: error ? 400 : 200,
    html: layout(ctx, fill(s.requestTitle, app), `
<h1>${phrase(s.requestTitle, app)}</h1>
<p>${phrase(s.requestIntro)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/p/${escapeHtml(slug)}/sign-in">
  <label for="email">${phrase(s.emailLabel)}</label>
  <input id="email" name="email" type="email" autocomplete="email" required maxlength="320">
  ${redirectUrl ? `<input type="hidden" name="redirect_url" value="${escapeHtml(redirectUrl)}">` : ''}
  <button class="button" type="submit">${phrase(s.requestButton)}</button>
</form>`),
  };
}

export interface WaitingView {
  slug: string;
  requestId: string;
  matchCode: string;
  /** When the request stops waiting; unknown for a request not stored yet. */
  expiresAt?: string;
  /** 0: no live progress (the branding preview). */
  refreshSeconds: number;
  error?: string;
  /** The policy's per-address limit (`rate_limits.email_per_hour`), shown next to "send a new link". */
  resendLimit: { points: number; window_seconds: number };
}

/**
 * The asking screen: the match code, a form for the 6-digit code, a new link, and live progress
 * that completes the sign-in as soon as the link is confirmed on another device (a script of this
 * origin polling `…/status`; without script, a refresh every few seconds).
 */
export function signInWaitingPage(ctx: PageContext, v: WaitingView, now = new Date()): HostedPage {
  const s = ctx.t.pages.signIn;
  const self = `/p/${v.slug}/sign-in/${v.requestId}`;
  // The expiry is unknown for a request not stored yet (the page can load first).
  const expires = v.expiresAt ? ` ${phrase(s.waitingExpires, { expires_in: expiresInWords(new Date(v.expiresAt), now, ctx.t.locale) })}` : '';
  const status = `${phrase(s.waitingStatus)}${expires}`;
  const live = v.refreshSeconds > 0;
  return {
    status: v.error ? 401 : 200,
    script: live,
    html: layout(ctx, s.waitingTitle, `
<h1>${phrase(s.waitingTitle)}</h1>
<p>${phrase(s.waitingIntro, { app_name: ctx.branding.appName })}</p>
${matchBlock(ctx, v.matchCode)}
<p class="status" role="status"${live ? ` data-status-url="${escapeHtml(self)}/status"` : ''}>${status}</p>
<p>${phrase(s.codeIntro)}</p>
${v.error ? `<p class="error" role="alert">${escapeHtml(v.error)}</p>` : ''}
<form method="post" action="${escapeHtml(self)}/code">
  <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required aria-label="${phrase(s.codeLabel)}">
  <button class="button" type="submit">${phrase(s.codeButton)}</button>
</form>
<p class="muted">${phrase(s.waitingNote)}</p>
<form method="post" action="${escapeHtml(self)}/resend">
  <p>${phrase(s.resendIntro)} <span class="muted">${escapeHtml(resendLimitMessage(ctx, v.resendLimit.points, v.resendLimit.window_seconds))}</span></p>
  <button class="button secondary-button" type="submit">${phrase(s.resendButton)}</button>
</form>`, live ? { refresh: { seconds: v.refreshSeconds, url: `${self}?m=${v.matchCode}` }, script: WAITING_SCRIPT_PATH } : {}),
  };
}

/** "That code is not right. 4 attempts left." in the page's language. */
export function wrongCodeMessage(ctx: PageContext, attemptsLeft: number): string {
  return plural(ctx.t.pages.signIn.codeWrong, attemptsLeft, ctx.t.locale);
}

/** "You can ask for 5 links every 15 minutes." */
export function resendLimitMessage(ctx: PageContext, max: number, windowSeconds: number): string {
  return plural(ctx.t.pages.signIn.resendLimit, max, ctx.t.locale, { window: durationWords(windowSeconds, ctx.t.locale) });
}

export function signInEndedPage(ctx: PageContext, status: 'completed' | 'expired' | 'failed'): HostedPage {
  const p = ctx.t.pages.signIn.ended[status];
  return { status: 410, html: layout(ctx, p.title, `<h1>${phrase(p.title)}</h1><p>${phrase(p.text)}</p>${nextSteps(ctx)}`) };
}
