import { SesameError } from './errors';

/**
 * Redirect policy of a tenant: where a hosted page may send the browser after a link is used.
 *
 * Redirects are off by default. When on, a requested URL must equal one of at most
 * MAX_ALLOWED_REDIRECT_URLS entries in scheme, host, port and path (the query may differ and is
 * passed on). A path starting with a single `/` resolves against the tenant's app origin. There
 * are no wildcards, and anything that looks like an open-redirect trick is refused before the
 * comparison, even if the WHATWG parser would have "repaired" it.
 */
export const MAX_ALLOWED_REDIRECT_URLS = 20;

/** Longest URL we accept, requested or stored. */
export const MAX_REDIRECT_URL_LENGTH = 2048;

export interface RedirectPolicy {
  enabled: boolean;
  allowedUrls: readonly string[];
  appOrigin: string;
  /**
   * False refuses a URL with an explicit non-default port even when it is on the list: the
   * Entrust guide's "custom ports are not permitted in the base URL". Default true.
   */
  allowCustomPorts?: boolean;
}

/** Anything outside printable ASCII: control characters, space, DEL, every non-ASCII code point. */
const NOT_PRINTABLE_ASCII = /[^\x21-\x7e]/;
/** `%2f` / `%5c`, also double-encoded (`%252f`), in any case. */
const ENCODED_SLASH = /%(?:25)*(?:2f|5c)/i;
/** `.` or `..` path segment, literal or percent-encoded. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
/** Absolute URL: scheme, `://`, authority (up to the first `/`, `?` or `#`), rest. */
const ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

type Checked = { ok: true; url: URL } | { ok: false; reason: string };

function fail(reason: string): Checked {
  return { ok: false, reason };
}

/** Checks that apply to every string we handle, before any parsing. */
function checkCharacters(raw: string, what: string): string | null {
  if (raw.length > MAX_REDIRECT_URL_LENGTH) return `${what} is longer than ${MAX_REDIRECT_URL_LENGTH} characters`;
  if (raw.includes('\\')) return `${what} must not contain backslashes`;
  if (NOT_PRINTABLE_ASCII.test(raw)) {
    return `${what} must not contain whitespace, control or non-ASCII characters (percent-encode them)`;
  }
  if (raw.includes('#')) return `${what} must not contain a fragment (#)`;
  return null;
}

/** Checks on the path part of the raw string (before `?`). */
function checkPath(rawPath: string, what: string): string | null {
  if (ENCODED_SLASH.test(rawPath)) return `${what} must not contain encoded slashes or backslashes (%2F, %5C) in its path`;
  if (DOT_SEGMENT.test(rawPath)) return `${what} must not contain "." or ".." path segments`;
  return null;
}

/**
 * Parses an absolute http(s) URL strictly: literal `https://` (or `http://` for localhost and
 * 127.0.0.1), a non-empty host, no userinfo, no percent signs in the authority.
 */
function parseAbsolute(raw: string, what: string): Checked {
  const charProblem = checkCharacters(raw, what);
  if (charProblem) return fail(charProblem);

  const m = ABSOLUTE.exec(raw);
  if (!m) {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw)) {
      const scheme = raw.slice(0, raw.indexOf(':')).toLowerCase();
      if (scheme === 'http' || scheme === 'https') return fail(`${what} must start with "${scheme}://" followed by a host`);
      return fail(`${what} uses the scheme "${scheme}:", only https is allowed`);
    }
    return fail(`${what} must be an absolute https URL`);
  }
  const [, schemeRaw, authority, rest] = m;
  const scheme = schemeRaw.toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') return fail(`${what} uses the scheme "${scheme}:", only https is allowed`);
  if (authority === '') return fail(`${what} has no host`);
  if (authority.includes('@')) return fail(`${what} must not contain user information (user@host)`);
  if (authority.includes('%')) return fail(`${what} must not contain percent-encoding in its host`);

  const queryAt = rest.indexOf('?');
  const pathProblem = checkPath(queryAt === -1 ? rest : rest.slice(0, queryAt), what);
  if (pathProblem) return fail(pathProblem);

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${what} is not a valid URL`);
  }
  if (url.username !== '' || url.password !== '') return fail(`${what} must not contain user information (user@host)`);
  if (url.hostname === '') return fail(`${what} has no host`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return fail(`${what} must use https (http is only allowed for localhost and 127.0.0.1)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`${what} must use https`);
  return { ok: true, url };
}

/** `scheme://host[:port]/path`: the part of a URL that must match an allow-list entry exactly. */
function matchKey(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Checks an allow-list entry before it is saved. Returns the normalised form (lower-case scheme
 * and host, default port removed, path kept exactly, `/` when empty).
 */
export function validateAllowedRedirectUrl(entry: string): string {
  if (typeof entry !== 'string' || entry === '') {
    throw new SesameError('validation_failed', 'Allowed redirect URL must be a non-empty string');
  }
  const what = 'Allowed redirect URL';
  if (entry.includes('*')) throw new SesameError('validation_failed', `${what} must not contain wildcards (*)`);
  if (entry.includes('?')) throw new SesameError('validation_failed', `${what} must not contain a query; requests may add one`);
  const checked = parseAbsolute(entry, what);
  if (!checked.ok) throw new SesameError('validation_failed', checked.reason);
  return matchKey(checked.url);
}

/** Checks a tenant's app origin (the base of relative redirects). Returns `scheme://host[:port]`. */
export function validateAppOrigin(origin: string): string {
  if (typeof origin !== 'string' || origin === '') {
    throw new SesameError('validation_failed', 'App origin must be a non-empty string');
  }
  const what = 'App origin';
  if (origin.includes('?')) throw new SesameError('validation_failed', `${what} must not contain a query`);
  if (origin.includes('*')) throw new SesameError('validation_failed', `${what} must not contain wildcards (*)`);
  const checked = parseAbsolute(origin, what);
  if (!checked.ok) throw new SesameError('validation_failed', checked.reason);
  if (checked.url.pathname !== '/') throw new SesameError('validation_failed', `${what} must not have a path (only scheme, host and port)`);
  return `${checked.url.protocol}//${checked.url.host}`;
}

function refuse(reason: string): never {
  throw new SesameError('redirect_not_allowed', reason);
}

/**
 * Decides where to redirect. Returns null when nothing was requested (the caller picks the
 * default), otherwise the absolute URL (with the requested query), or throws
 * SesameError('redirect_not_allowed').
 */
export function resolveRedirect(requested: string | undefined | null, policy: RedirectPolicy): string | null {
  if (requested === undefined || requested === null || requested === '') return null;
  if (!policy.enabled) refuse('Redirects are disabled for this tenant');
  if (typeof requested !== 'string') refuse('Redirect URL must be a string');

  const what = 'Redirect URL';
  let url: URL;
  if (requested.startsWith('/')) {
    if (requested.startsWith('//')) refuse(`${what} must not start with "//" (protocol-relative URLs are not allowed)`);
    const charProblem = checkCharacters(requested, what);
    if (charProblem) refuse(charProblem);
    const queryAt = requested.indexOf('?');
    const pathProblem = checkPath(queryAt === -1 ? requested : requested.slice(0, queryAt), what);
    if (pathProblem) refuse(pathProblem);
    let origin: string;
    try {
      origin = validateAppOrigin(policy.appOrigin);
    } catch {
      refuse('Relative redirect paths need a valid app origin for this tenant');
    }
    try {
      url = new URL(requested, origin);
    } catch {
      refuse(`${what} is not a valid path`);
    }
    if (`${url.protocol}//${url.host}` !== origin) refuse(`${what} must stay on the tenant's app origin`);
  } else {
    const checked = parseAbsolute(requested, what);
    if (!checked.ok) refuse(checked.reason);
    url = checked.url;
  }

  if (policy.allowCustomPorts === false && url.port !== '') {
    refuse(`${what} must not use a custom port (:${url.port}); this tenant's policy refuses them here (redirect.custom_ports)`);
  }
  const key = matchKey(url);
  const allowed = policy.allowedUrls.some((entry) => {
    try {
      return validateAllowedRedirectUrl(entry) === key;
    } catch {
      return false; // a malformed stored entry never matches
    }
  });
  if (!allowed) refuse(`${what} is not on this tenant's list of allowed redirect URLs (scheme, host, port and path must match exactly)`);
  return url.href;
}

/**
 * Adds query parameters to a URL. The existing query is kept byte for byte, except parameters
 * with the same name as one being added: those are dropped, so a caller-supplied `?code=...`
 * can never shadow the value we append.
 */
export function appendQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  const names = new Set(Object.keys(params));
  const added = new URLSearchParams(params).toString();
  if (added === '') return u.href;
  const kept = u.search
    .slice(1)
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const name = new URLSearchParams(part).keys().next().value;
      return name === undefined || !names.has(name);
    });
  u.search = [...kept, added].join('&');
  return u.href;
}
