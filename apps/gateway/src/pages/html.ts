import type { FastifyReply } from 'fastify';
import { readableTextOn } from '@sesame/domain';
import { fill } from '@sesame/i18n';
import type { PageContext } from './page-context';

/** Escapes text for HTML element and attribute contexts. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A catalogue string with its `{{tags}}` filled, escaped for HTML: how pages put words on the page. */
export function phrase(template: string, values?: Readonly<Record<string, string | number>>): string {
  return escapeHtml(fill(template, values));
}

/** A rendered hosted page and the status it is answered with. */
export interface HostedPage {
  status: number;
  html: string;
  /** The page loads a script of this origin (`LayoutOptions.script`); its CSP then allows `'self'` script and fetch. */
  script?: boolean;
}

/**
 * Security headers for hosted pages: no caching (they carry tokens), no referrer (the URL holds the
 * token), no framing, no script at all — the pages work without JavaScript. Images: none, unless
 * the tenant configured a logo or favicon (`pageHeaders`).
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy': contentSecurityPolicy([]),
} as const;

function contentSecurityPolicy(imageOrigins: string[], script = false): string {
  const img = imageOrigins.length ? [...new Set(imageOrigins)].join(' ') : "'none'";
  const scripts = script ? " script-src 'self'; connect-src 'self';" : '';
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img};${scripts} frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * The headers of a page rendered with `ctx`: the CSP admits exactly the origins of its logo and
 * favicon, and script only from this origin for a page that has one.
 */
export function pageHeaders(ctx: PageContext, script = false): Record<string, string> {
  const origins = [ctx.branding.logo_url, ctx.branding.favicon_url].flatMap((u) => (u ? [new URL(u).origin] : []));
  return { ...PAGE_HEADERS, 'content-security-policy': contentSecurityPolicy(origins, script) };
}

/** Links in the brand colour when it is readable on white (always, for colours saved since the check). */
const DEFAULT_LINK = '#1d4ed8';

const STYLE = `
  :root { color-scheme: light dark; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f5f5f7; color: #1d1d1f; overflow-wrap: anywhere; }
  .page { max-width: 440px; margin: 8vh auto; padding: 0 12px; }
  header { text-align: center; margin: 0 0 16px; }
  header img { max-height: 48px; max-width: 100%; }
  main { padding: 28px; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 1.4rem; line-height: 1.3; margin: 0 0 12px; }
  p { margin: 0 0 16px; color: #424245; }
  a { color: var(--link); }
  .button { display: block; width: 100%; padding: 12px 16px; font: inherit; font-weight: 600; text-align: center; text-decoration: none;
    color: var(--on-brand); background: var(--brand); border: 0; border-radius: 8px; cursor: pointer; }
  .button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; }
  .secondary-button { color: var(--link); background: transparent; border: 2px solid currentColor; }
  .actions { display: grid; gap: 12px; margin: 20px 0 0; }
  .secondary { display: block; text-align: center; }
  label { font-weight: 600; }
  input { width: 100%; margin: 4px 0 12px; padding: 10px 12px; font-size: 1rem; border: 1px solid #767676; border-radius: 8px; }
  .match { font: 600 1.6rem/1.2 ui-monospace, Menlo, Consolas, monospace; letter-spacing: .12em; text-align: center; margin: 8px 0 20px; color: #1d1d1f; }
  .error { color: #b3261e; }
  .muted, footer { font-size: .85rem; color: #595959; }
  .status { border-left: 4px solid var(--brand); padding: 4px 0 4px 12px; }
  footer { text-align: center; margin: 16px 0 0; }
  footer p { color: inherit; margin: 0 0 4px; }
  @media (prefers-color-scheme: dark) {
    body { background: #111; color: #f5f5f7; } main { background: #1c1c1e; } p, .match { color: #e5e5ea; }
    .muted, footer { color: #aeaeb2; } a:not(.button), .secondary-button { color: inherit; }
  }`;

export interface LayoutOptions {
  /**
   * Without script, reload the page every `seconds` from `url` (progress of a cross-device
   * sign-in). Inside `<noscript>`: a browser with script gets `script` instead.
   */
  refresh?: { seconds: number; url: string };
  /** Path of a script of this origin, deferred; return the page with `script: true` so its CSP allows it. */
  script?: string;
}

/**
 * The one layout of every hosted page: `<html lang>` of the chosen language, the tenant's logo,
 * colour, favicon, footer and support link around `body` (trusted HTML the page built with
 * escapeHtml or phrase).
 */
export function layout(ctx: PageContext, title: string, body: string, options: LayoutOptions = {}): string {
  const b = ctx.branding;
  const brand = b.primary_color;
  const cssVars = `:root { --brand: ${brand}; --on-brand: ${readableTextOn(brand)}; --link: ${readableTextOn(brand) === '#ffffff' ? brand : DEFAULT_LINK}; }`;
  const logo = b.logo_url ? `<header><img src="${escapeHtml(b.logo_url)}" alt="${phrase(ctx.t.pages.logoAlt, { app_name: b.appName })}"></header>` : '';
  const footerLines = [
    b.footer ? `<p>${escapeHtml(b.footer)}</p>` : '',
    b.support_url ? `<p><a href="${escapeHtml(b.support_url)}">${escapeHtml(ctx.t.pages.support)}</a></p>` : '',
  ].join('');
  return `<!doctype html>
<html lang="${ctx.t.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${options.refresh ? `<noscript><meta http-equiv="refresh" content="${options.refresh.seconds};url=${escapeHtml(options.refresh.url)}"></noscript>\n` : ''}${options.script ? `<script src="${escapeHtml(options.script)}" defer></script>\n` : ''}<title>${escapeHtml(title)}</title>
${b.favicon_url ? `<link rel="icon" href="${escapeHtml(b.favicon_url)}">\n` : ''}<style>${cssVars}${STYLE}</style>
</head>
<body><div class="page">${logo}<main>${body}</main>${footerLines ? `<footer>${footerLines}</footer>` : ''}</div></body>
</html>`;
}

/** Answers with a hosted page, under the CSP of its context. */
export function sendPage(reply: FastifyReply, ctx: PageContext, page: HostedPage, headers: Record<string, string> = {}): void {
  void reply.status(page.status).headers({ ...pageHeaders(ctx, page.script), ...headers }).send(page.html);
}
