import type { DevMailboxMessage } from '@sesame/messaging';
import { escapeHtml, layout, PAGE_HEADERS } from '../pages/html';
import { pageContext } from '../pages/page-context';

/** Dev only: English, Sesame's own look. */
const DEV_CONTEXT = pageContext(null);

/** The mailbox pages themselves: like the hosted pages, plus frames of this origin (the HTML view). */
export const MAILBOX_PAGE_HEADERS = {
  ...PAGE_HEADERS,
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const;

/**
 * The sandbox of an email's HTML (tenant templates make it hostile content): no script, no forms,
 * no plugins, no top navigation, an opaque origin, nothing fetched but https/data images and inline
 * styles. Links open in a new tab, as webmail does (MJML buttons say target="_blank" anyway), and
 * that tab escapes the sandbox so the hosted confirm page works as it would from a mail client.
 * Without script only a click can open one. The iframe and the header carry the same sandbox (the
 * header also covers the URL opened on its own).
 */
export const MESSAGE_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';
export const MESSAGE_HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': `default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox ${MESSAGE_SANDBOX}; frame-ancestors 'self'`,
} as const;

const TABLE_STYLE = `<style>
  .page { max-width: 860px; }
  table { width: 100%; border-collapse: collapse; font-size: .9rem; }
  th, td { text-align: left; padding: 6px 8px; border-top: 1px solid #ddd; vertical-align: top; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; font-size: .9rem; }
  dt { color: #6e6e73; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 70vh; border: 1px solid #ddd; border-radius: 8px; background: #fff; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
</style>`;

export function mailboxListPage(messages: DevMailboxMessage[]): string {
  const rows = messages.map((m) => `
<tr><td>${escapeHtml(m.created_at)}</td><td>${m.channel}</td><td>${escapeHtml(m.to)}</td>
<td><a href="/dev/mailbox/${encodeURIComponent(m.id)}">${escapeHtml(m.subject) || '(no subject)'}</a></td></tr>`);
  const table = rows.length
    ? `<table><thead><tr><th>Time</th><th>Channel</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p>No mail yet.</p>';
  return widePage('Dev mailbox', `<h1>Dev mailbox</h1>
<p class="muted">The last ${messages.length} messages of the outbox transports, newest first; reload to refresh.
As JSON: <a href="/dev/mailbox/messages.json">messages.json</a>.</p>${table}`);
}

export function mailboxMessagePage(m: DevMailboxMessage): string {
  const id = encodeURIComponent(m.id);
  const html = m.channel === 'email' && m.html
    ? `<h2>HTML</h2><iframe sandbox="${MESSAGE_SANDBOX}" src="/dev/mailbox/${id}/html" title="HTML view of the message"></iframe>`
    : '';
  return widePage(m.subject || 'Message', `<p><a href="/dev/mailbox">← Dev mailbox</a></p>
<h1>${escapeHtml(m.subject) || '(no subject)'}</h1>
<dl><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${escapeHtml(m.to)}</dd>
<dt>Time</dt><dd>${escapeHtml(m.created_at)}</dd><dt>Channel</dt><dd>${m.channel}</dd></dl>
<p class="muted"><a href="/dev/mailbox/${id}.json">JSON</a></p>
${html}<h2>Text</h2><pre aria-label="Text view of the message">${linkify(escapeHtml(m.text))}</pre>`);
}

export function mailboxNotFoundPage(): string {
  return layout(DEV_CONTEXT, 'Message not found', `<h1>Message not found</h1>
<p>No message with this id is in the dev mailbox (messages are kept for a day).</p><p><a href="/dev/mailbox">← Dev mailbox</a></p>`);
}

/** The email's HTML with every link opening a new tab (a framed page would refuse to load in the frame). */
export function withNewTabLinks(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + base + html.slice(doctype[0].length) : base + html;
}

/** Turns URLs of already escaped text into links. */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

function widePage(title: string, body: string): string {
  return layout(DEV_CONTEXT, title, TABLE_STYLE + body);
}
