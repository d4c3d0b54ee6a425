/** Escapes text for HTML element and attribute contexts. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Security headers for hosted pages: no caching (they carry tokens), no referrer (the URL holds the
 * token), no framing, no script at all — the pages work without JavaScript.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
} as const;

const STYLE = `
  :root { color-scheme: light dark; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f5f5f7; color: #1d1d1f; }
  main { max-width: 420px; margin: 12vh auto; padding: 32px; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 1.4rem; margin: 0 0 12px; }
  p { margin: 0 0 16px; color: #424245; }
  button { width: 100%; padding: 12px 16px; font-size: 1rem; font-weight: 600; color: #fff; background: #0a66c2; border: 0; border-radius: 8px; cursor: pointer; }
  button:focus-visible { outline: 3px solid #7fb3ea; outline-offset: 2px; }
  .muted { font-size: .85rem; color: #6e6e73; }
  @media (prefers-color-scheme: dark) { body { background: #111; color: #f5f5f7; } main { background: #1c1c1e; } p { color: #c7c7cc; } }`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}
