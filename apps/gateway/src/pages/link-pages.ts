import type { LinkType } from '@sesame/domain';
import type { PeekStatus } from '@sesame/messaging';
import { escapeHtml, page } from './html';

const ACTIONS: Record<LinkType, { title: string; button: string }> = {
  login: { title: 'Sign in', button: 'Sign in' },
  registration: { title: 'Finish signing up', button: 'Continue' },
  password_reset: { title: 'Reset your password', button: 'Continue' },
  verify_email: { title: 'Confirm your email', button: 'Confirm' },
};

/** Auth Armor `action_name` and `short_msg` the link was created with: the page repeats what the email said. */
export interface LinkTexts {
  actionName?: string | null;
  shortMessage?: string | null;
}

/**
 * The confirm page. Mail scanners fetch links with GET; only this form's POST consumes the link,
 * so a scanner can never burn it. A registration link's page is its landing: with an action name
 * (Auth Armor: "the email ... will contain a button with the action name you have specified") the
 * heading and button carry it, and the short message follows.
 */
export function confirmPage(token: string, type: LinkType, appName: string, texts: LinkTexts = {}): string {
  const a = ACTIONS[type];
  const title = texts.actionName ? `${texts.actionName} at ${appName}` : `${a.title} to ${appName}`;
  return page(texts.actionName ? title : `${a.title} – ${appName}`, `
<h1>${escapeHtml(title)}</h1>
${texts.shortMessage ? `<p class="short-message">${escapeHtml(texts.shortMessage)}</p>` : ''}
<p>Press the button to continue. This link works once.</p>
<form method="post" action="/l/${escapeHtml(token)}">
  <button type="submit">${escapeHtml(texts.actionName ?? a.button)}</button>
</form>
<p class="muted">If you did not ask for this, close this page.</p>`);
}

const PROBLEMS: Record<Exclude<PeekStatus, 'active'>, { status: number; title: string; text: string }> = {
  invalid: { status: 404, title: 'This link is not valid', text: 'Check that you opened the whole link from your email, or ask for a new one.' },
  expired: { status: 410, title: 'This link has expired', text: 'Links work for a limited time. Ask for a new one from the app.' },
  used: { status: 410, title: 'This link was already used', text: 'Each link works once. If it was not you, ask for a new one and consider telling the app’s support.' },
  revoked: { status: 410, title: 'This link was cancelled', text: 'Ask for a new one from the app.' },
};

export function problemPage(kind: Exclude<PeekStatus, 'active'>): { status: number; html: string } {
  const p = PROBLEMS[kind];
  return { status: p.status, html: page(p.title, `<h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.text)}</p>`) };
}

export function unavailablePage(): { status: number; html: string } {
  return { status: 503, html: page('Try again', '<h1>Something went wrong</h1><p>Please try again in a moment.</p>') };
}
