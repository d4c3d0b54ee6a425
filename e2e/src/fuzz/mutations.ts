import type { Operation } from './operations';
import { percentEncode, toJsonText, WireRequest } from './wire';

/** Where a hostile value goes: a body field (a dotted path; `null` is the whole body), a query, path or header parameter. */
export type Slot = { in: 'body'; key: string | null } | { in: 'query' | 'path' | 'header'; name: string };

/** One change to an operation's valid request: plain data, so a failing case prints and replays. */
export type Mutation =
  | { kind: 'set'; slot: Slot; value: unknown }
  /** The body's bytes (`latin1`: each char one byte) and its content type (`null`: no header). */
  | { kind: 'body'; text: string; latin1?: boolean; contentType: string | null }
  /** Appended to the query string as is. */
  | { kind: 'query'; text: string }
  /** A header's value(s) (`null` removes it); `{key}`/`{root}` stand for the admin and root keys. */
  | { kind: 'header'; name: string; value: string | string[] | null };

export interface Credentials {
  admin: string;
  root: string;
}

/** The bytes of an operation's valid body (a form for hosted pages). */
export function bodyText(op: Operation, body: unknown = op.body): string | undefined {
  if (body === undefined) return undefined;
  if (op.bodyKind !== 'form') return toJsonText(body);
  const entries: Array<[string, unknown]> = body && typeof body === 'object' && !Array.isArray(body) ? Object.entries(body) : [['value', body]];
  return entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(asText(v))}`).join('&');
}

/** A value as it travels in a URL, a header or a form field. */
export function asText(v: unknown): string {
  return typeof v === 'string' ? v : toJsonText(v);
}

/** The request an operation's valid example becomes with one mutation applied (none: the valid request itself). */
export function applyMutation(op: Operation, m: Mutation | undefined, creds: Credentials, clientIp: string): WireRequest {
  const pathParams = { ...op.pathParams };
  const query: Array<[string, string]> = Object.entries(op.query);
  const headers: Record<string, string | string[]> = { 'user-agent': 'sesame-fuzz', 'x-forwarded-for': clientIp, ...op.headers };
  if (op.auth !== 'none') headers.authorization = `Bearer ${op.auth === 'root' ? creds.root : creds.admin}`;
  let body = op.body;
  let rawQuery = '';
  let wireBody: { text: string; latin1?: boolean; contentType: string | null } | undefined;

  if (m?.kind === 'set') {
    const { slot, value } = m;
    if (slot.in === 'body') body = slot.key === null ? value : setPath(body, slot.key, value);
    else if (slot.in === 'path') pathParams[slot.name] = asText(value);
    else if (slot.in === 'header') headers[slot.name] = asText(value);
    else {
      const i = query.findIndex(([k]) => k === slot.name);
      if (i >= 0) query[i] = [slot.name, asText(value)];
      else query.push([slot.name, asText(value)]);
    }
  } else if (m?.kind === 'body') {
    wireBody = m;
  } else if (m?.kind === 'query') {
    rawQuery = m.text;
  } else if (m?.kind === 'header') {
    const fill = (v: string) => v.replace('{key}', creds.admin).replace('{root}', creds.root);
    if (m.value === null) delete headers[m.name];
    else headers[m.name] = Array.isArray(m.value) ? m.value.map(fill) : fill(m.value);
  }

  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(pathParams[name]));
  const qs = [query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'), rawQuery].filter(Boolean).join('&');
  const req: WireRequest = { method: op.method, path: qs ? `${path}?${qs}` : path, headers };
  if (wireBody) {
    req.body = wireBody.latin1 ? Buffer.from(wireBody.text, 'latin1') : wireBody.text;
    if (wireBody.contentType !== null) headers['content-type'] = wireBody.contentType;
  } else if (body !== undefined && op.bodyKind !== 'none') {
    req.body = bodyText(op, body);
    headers['content-type'] = op.bodyKind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  }
  return req;
}

/** A copy of `body` with the field at a dotted path set (created when missing). */
function setPath(body: unknown, path: string, value: unknown): unknown {
  const [head, ...rest] = path.split('.');
  const obj: Record<string, unknown> = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  obj[head] = rest.length ? setPath(obj[head], rest.join('.'), value) : value;
  return obj;
}

/** Dotted paths of every field of a body, nested objects included (the places a value class aims at). */
export function fieldPaths(body: unknown, prefix = '', depth = 0): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body) || depth > 3) return [];
  return Object.entries(body).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...fieldPaths(v, path, depth + 1)];
  });
}
