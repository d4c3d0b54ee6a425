import { LinkType, linkStatus } from '@sesame/domain';
import type { LinkView } from '@sesame/messaging';

/** Columns every link query selects, aliased for `toLinkView`. A user created by phone has no email: the phone identifies them. */
export const LINK_COLUMNS = `l.id, l.type, l.user_id, COALESCE(u.email, u.phone) AS identifier, l.redirect_url, l.expires_at,
  l.created_at, l.consumed_at, l.revoked_at`;

export interface LinkRow {
  id: string;
  type: LinkType;
  user_id: string;
  identifier: string;
  redirect_url: string | null;
  expires_at: Date;
  created_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toLinkView(r: LinkRow): LinkView {
  return {
    id: r.id,
    type: r.type,
    user_id: r.user_id,
    identifier: r.identifier,
    status: linkStatus({ consumedAt: r.consumed_at, revokedAt: r.revoked_at, expiresAt: new Date(r.expires_at) }),
    redirect_url: r.redirect_url,
    expires_at: new Date(r.expires_at).toISOString(),
    created_at: new Date(r.created_at).toISOString(),
    consumed_at: iso(r.consumed_at),
    revoked_at: iso(r.revoked_at),
  };
}
