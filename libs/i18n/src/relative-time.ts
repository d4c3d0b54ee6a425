const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "in 10 minutes", "in 2 hours", localised by Intl. Minutes up to 90, hours up to 48, then days,
 * so the usual lifetimes (5 min, 10 min, 24 h) read the way they were configured.
 */
export function expiresInWords(expiresAt: Date, now: Date, locale: string): string {
  const seconds = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 1000));
  const [amount, unit] = inUnits(seconds);
  return formatter(locale).format(amount, unit);
}

/**
 * "10 minutes", "2 Stunden": a configured span of time (a rate limit's window), in the largest
 * unit that divides it exactly, so 3600 s reads "1 hour" and 90 s "90 seconds".
 */
export function durationWords(seconds: number, locale: string): string {
  const s = Math.max(1, Math.round(seconds));
  const [amount, unit]: [number, Unit] = s % DAY === 0 ? [s / DAY, 'day'] : s % HOUR === 0 ? [s / HOUR, 'hour'] : s % MINUTE === 0 ? [s / MINUTE, 'minute'] : [s, 'second'];
  return unitFormatter(locale, unit).format(amount);
}

type Unit = 'second' | 'minute' | 'hour' | 'day';

function inUnits(seconds: number): [number, Unit] {
  if (seconds < MINUTE) return [seconds, 'second'];
  if (seconds < 90 * MINUTE) return [Math.round(seconds / MINUTE), 'minute'];
  if (seconds < 48 * HOUR) return [Math.round(seconds / HOUR), 'hour'];
  return [Math.round(seconds / DAY), 'day'];
}

const formatters = new Map<string, Intl.RelativeTimeFormat>();

/** Building an Intl formatter costs far more than using one: one per locale, kept. */
function formatter(locale: string): Intl.RelativeTimeFormat {
  let f = formatters.get(locale);
  if (!f) formatters.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })));
  return f;
}

const unitFormatters = new Map<string, Intl.NumberFormat>();

function unitFormatter(locale: string, unit: Unit): Intl.NumberFormat {
  const key = `${locale}:${unit}`;
  let f = unitFormatters.get(key);
  if (!f) unitFormatters.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })));
  return f;
}
