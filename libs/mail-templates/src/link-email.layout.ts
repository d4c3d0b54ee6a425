import { escapeHtml } from './escape';

/** Every value here is already-escaped HTML text, except `url` which is escaped below. */
export interface LayoutParts {
  lang: string;
  title: string;
  preheader: string;
  heading: string;
  intro: string;
  button: string;
  url: string;
  expiry: string;
  fallback: string;
  securityNote: string;
  footer: string;
  /** The fallback-code sentence, or null when the link has no code. */
  code: string | null;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BRAND = '#1d4ed8';

/**
 * Table layout with inline styles (what email clients render reliably), max 560 px wide and
 * fluid below that, a "bulletproof" button (a link inside a coloured cell, so it works with
 * images off and in Outlook), and the URL repeated as text for clients that strip buttons.
 */
export function linkEmailLayout(p: LayoutParts): string {
  const href = escapeHtml(p.url);
  return `<!DOCTYPE html>
<html lang="${p.lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${p.title}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f5;">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;">${p.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:40px 32px 8px 32px;font-family:${FONT};">
<h1 style="margin:0 0 16px 0;font-size:22px;line-height:30px;font-weight:700;color:#18181b;">${p.heading}</h1>
<p style="margin:0 0 24px 0;font-size:16px;line-height:24px;color:#3f3f46;">${p.intro}</p>
</td></tr>
<tr><td align="left" style="padding:0 32px 24px 32px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center" bgcolor="${BRAND}" style="border-radius:6px;background-color:${BRAND};">
<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:14px 28px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:600;color:#ffffff;text-decoration:none;border-radius:6px;">${p.button}</a>
</td></tr>
</table>
</td></tr>
<tr><td style="padding:0 32px 24px 32px;font-family:${FONT};">
<p style="margin:0 0 16px 0;font-size:14px;line-height:22px;color:#3f3f46;">${p.expiry}</p>
<p style="margin:0 0 8px 0;font-size:14px;line-height:22px;color:#3f3f46;">${p.fallback}</p>
<p style="margin:0;font-size:13px;line-height:20px;word-break:break-all;"><a href="${href}" target="_blank" rel="noopener" style="color:${BRAND};text-decoration:underline;">${href}</a></p>
${p.code ? `<p style="margin:16px 0 0 0;font-size:16px;line-height:24px;color:#18181b;font-weight:600;">${p.code}</p>` : ''}
</td></tr>
<tr><td style="padding:16px 32px 32px 32px;border-top:1px solid #e4e4e7;font-family:${FONT};">
<p style="margin:0 0 8px 0;font-size:13px;line-height:20px;color:#52525b;">${p.securityNote}</p>
<p style="margin:0;font-size:12px;line-height:18px;color:#71717a;">${p.footer}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
