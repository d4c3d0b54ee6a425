const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "in 10 minutes", "in 2 hours", localised by Intl. Minutes up to 90, hours up to 48, then days,
 * so the usual lifetimes (5 min, 10 min, 24 h) read the way they were configured.
 */
export function expiresInWords(expiresAt: Date, now: Date, locale: string): string {
  const seconds = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
  const format = formatter(locale);
  if (seconds < MINUTE) return format.format(seconds, 'second');
  if (seconds < 90 * MINUTE) return format.format(Math.round(seconds / MINUTE), 'minute');
  if (seconds < 48 * HOUR) return format.format(Math.round(seconds / HOUR), 'hour');
  return format.format(Math.round(seconds / DAY), 'day');
}

const formatters = new Map<string, Intl.RelativeTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per locale, kept. */
function formatter(locale: string): Intl.RelativeTimeFormat {
  let f = formatters.get(locale);
  if (!f) formatters.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })));
  return f;
}
