import { SesameError } from '@sesame/domain';

/**
 * Keyset pagination over (created_at, id), newest first. The cursor carries created_at with the
 * microseconds Postgres stores: a JS Date keeps only milliseconds, and rows created within the same
 * millisecond as a page's last row (but before it) would then be skipped.
 */
export interface Cursor {
  /** `YYYY-MM-DDTHH:MI:SS.ffffffZ`, exactly as `cursorTimestampSql` renders it. */
  createdAt: string;
  id: string;
}

/** SQL rendering a timestamptz column as the cursor's microsecond UTC text. */
export function cursorTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID_FORMATS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  bigint: /^[1-9][0-9]{0,18}$/,
  /** A webhook delivery's `webhook-id`. */
  message: /^msg_[A-Za-z0-9_-]{1,60}$/,
} as const;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString('base64url');
}

/** Throws 400 `validation_failed` for anything that is not a cursor this API handed out. */
export function decodeCursor(cursor: string | undefined, idFormat: keyof typeof ID_FORMATS): Cursor | undefined {
  if (!cursor) return undefined;
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (extra !== undefined || !createdAt || !id || !TIMESTAMP.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !ID_FORMATS[idFormat].test(id)) {
    throw new SesameError('validation_failed', 'cursor is not valid');
  }
  return { createdAt, id };
}

/**
 * Runs a newest-first page query asking for one row more than `limit`, and returns the page with
 * the cursor of its last row when there is more.
 */
export function toPage<R extends { cursor_ts: string; id: string | number }, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
): { data: V[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(view),
    next_cursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursor_ts, id: String(last.id) }) : null,
  };
}
