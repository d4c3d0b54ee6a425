import { SesameError } from './errors';
import type { LinkType } from './link-type';

/** Passage's magic link types and Sesame's. */
export const PASSAGE_LINK_TYPES = { login: 'login', verify_identifier: 'verify_email' } as const satisfies Record<string, LinkType>;
export type PassageLinkType = keyof typeof PASSAGE_LINK_TYPES;
export const PASSAGE_LINK_TYPE_NAMES = Object.keys(PASSAGE_LINK_TYPES) as PassageLinkType[];

/** Passage `ttl` is in minutes; Sesame's lifetimes are 1 minute to 24 hours. */
export const PASSAGE_MAX_TTL_MINUTES = 24 * 60;

/** The query parameter Passage's element reads the magic link from. */
export const PASSAGE_LINK_PARAM = 'psg_magic_link';

/**
 * Where a Passage magic link points (`magic_link_path`): the page that processes it, on the
 * app's own origin. Absent: the app's login URL (its origin). A path resolves against the origin;
 * an absolute URL must be on the origin (the link carries a credential: it never leaves the app).
 */
export function resolveMagicLinkPath(path: string | undefined, appOrigin: string): string {
  const origin = new URL(appOrigin).origin;
  if (path === undefined || path === '') return `${origin}/`;
  const refuse = (why: string): never => {
    throw new SesameError('validation_failed', `magic_link_path ${why}`, { fields: [{ field: 'magic_link_path', message: why }] });
  };
  if (/[\\#\s]/.test(path) || /[^\x21-\x7e]/.test(path)) refuse('must not contain backslashes, fragments, spaces or non-ASCII characters');
  if (path.startsWith('//')) refuse('must be a path or a URL on the app\'s origin');
  let url: URL;
  try {
    url = path.startsWith('/') ? new URL(path, `${origin}/`) : new URL(path);
  } catch {
    return refuse('must be a path or a URL on the app\'s origin');
  }
  if (url.origin !== origin || url.username || url.password) refuse(`must be on the app's origin ${origin}`);
  return url.href;
}
