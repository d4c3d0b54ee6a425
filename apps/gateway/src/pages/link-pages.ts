import type { LinkType } from '@sesame/domain';
import { expiresInWords, fill } from '@sesame/i18n';
import type { PeekStatus } from '@sesame/messaging';
import { escapeHtml, HostedPage, layout, phrase } from './html';
import type { PageContext } from './page-context';

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
export function confirmPage(ctx: PageContext, token: string, type: LinkType, expiresAt?: string, now = new Date(), texts: LinkTexts = {}): HostedPage {
  const s = ctx.t.pages.confirm;
  const app = { app_name: ctx.branding.appName };
  const expires = expiresAt ? ` ${phrase(s.expires, { expires_in: expiresInWords(new Date(expiresAt), now, ctx.t.locale) })}` : '';
  // The action name is the integrator's own words (Auth Armor action_name), shown as given in every language.
  const title = texts.actionName ? fill(ctx.t.actionSubject, { ...app, action_name: texts.actionName }) : fill(s.types[type].title, app);
  return {
    status: 200,
    html: layout(ctx, title, `
<h1>${escapeHtml(title)}</h1>
${texts.shortMessage ? `<p class="short-message">${escapeHtml(texts.shortMessage)}</p>` : ''}
<p>${phrase(s.intro)}${expires}</p>
<form method="post" action="/l/${escapeHtml(token)}">
  <button class="button" type="submit">${texts.actionName ? escapeHtml(texts.actionName) : phrase(s.types[type].button)}</button>
</form>
<p class="muted">${phrase(s.notYou)}</p>`),
  };
}

const PROBLEM_STATUS: Record<Exclude<PeekStatus, 'active'>, number> = { invalid: 404, expired: 410, used: 410, revoked: 410 };

/** A link that cannot be used, and the way forward: a new link from the tenant's sign-in page, or back to the app. */
export function problemPage(ctx: PageContext, kind: Exclude<PeekStatus, 'active'>): HostedPage {
  const p = ctx.t.pages.problems[kind];
  return { status: PROBLEM_STATUS[kind], html: layout(ctx, p.title, `<h1>${phrase(p.title)}</h1><p>${phrase(p.text)}</p>${nextSteps(ctx)}`) };
}

export function unavailablePage(ctx: PageContext): HostedPage {
  const p = ctx.t.pages.problems.unavailable;
  return { status: 503, html: layout(ctx, p.title, `<h1>${phrase(p.title)}</h1><p>${phrase(p.text)}</p>`) };
}

/**
 * Where a page that ends a flow sends the reader: no dead ends. Nothing when the tenant is unknown
 * (a link that matches no tenant says only what to check).
 */
export function nextSteps(ctx: PageContext, options: { newLink?: boolean } = {}): string {
  const b = ctx.branding;
  const steps = [
    options.newLink !== false && b.signInPath ? `<a class="button" href="${escapeHtml(b.signInPath)}">${phrase(ctx.t.pages.requestNewLink)}</a>` : '',
    b.appOrigin ? `<a class="secondary" href="${escapeHtml(b.appOrigin)}">${phrase(ctx.t.pages.backToApp, { app_name: b.appName })}</a>` : '',
  ].join('');
  return steps ? `<div class="actions">${steps}</div>` : '';
}
