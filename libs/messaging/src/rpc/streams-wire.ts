import type { RpcErrorBody } from './rpc-contracts';

/** What the server pushes on the reply list and stores as the done-marker. */
export type RpcReply = { id: string; response: unknown; err?: undefined } | { id: string; err: RpcErrorBody; response?: undefined };

export interface StreamEntry {
  entryId: string;
  /** null when the entry was deleted while pending (XAUTOCLAIM on Redis 6.2). */
  fields: Record<string, string> | null;
}

type RawEntry = [string, string[] | null];

export function toEntry([entryId, flat]: RawEntry): StreamEntry {
  return { entryId, fields: flat ? pairsToRecord(flat) : null };
}

/** XREADGROUP answers `[[key, entries]]`, or null when BLOCK timed out. */
export function entriesOfRead(raw: unknown): StreamEntry[] {
  const streams = raw as [string, RawEntry[]][] | null;
  return streams ? streams.flatMap(([, entries]) => entries.map(toEntry)) : [];
}

/** XAUTOCLAIM answers `[nextCursor, entries, deletedIds?]` (the third element since Redis 7). */
export function entriesOfAutoclaim(raw: unknown): StreamEntry[] {
  const [, entries] = raw as [string, RawEntry[]];
  return entries.map(toEntry);
}

export function pairsToRecord(flat: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}
