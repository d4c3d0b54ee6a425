import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

/**
 * JSON text that is spliced into a body as is: numbers JSON.stringify cannot write (1e400, 40-digit
 * integers), duplicated keys, nesting too deep to build as objects, `__proto__` as an own key.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** JSON.stringify that writes RawJson values verbatim (lone surrogates leave as `\udxxx` escapes). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Percent-encodes every UTF-16 unit, a lone surrogate as its WTF-8 bytes (%ED%A0%80): what a
 * careless client sends, and what encodeURIComponent refuses to produce.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i]);
    }
  }
  return out;
}

export interface WireRequest {
  method: string;
  /** Path and query, already encoded. */
  path: string;
  /** A header given as a list is sent once per value. */
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** A stream (server-sent events) answered 200 and was cut after its first bytes. */
  streamed?: boolean;
}

const TIMEOUT_MS = 15_000;

/**
 * Sends one request and reads the whole answer. Header values Node's client refuses to write
 * (NUL, other control characters) go over a raw socket instead, so the server sees them as sent.
 */
export function send(baseUrl: string, req: WireRequest): Promise<WireResponse> {
  const headerValues = Object.values(req.headers).flat();
  // eslint-disable-next-line no-control-regex
  if (headerValues.some((v) => /[\x00-\x08\x0a-\x1f\x7f]/.test(v))) return sendRaw(baseUrl, req);
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    // Node writes header strings as latin1: send the UTF-8 bytes of a value, as a browser would.
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.map(utf8AsLatin1) : utf8AsLatin1(v);
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, timeout: TIMEOUT_MS, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const streaming = (res.headers['content-type'] ?? '').startsWith('text/event-stream');
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (streaming) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), streamed: streaming || undefined });
      res.on('end', done);
      res.on('close', done);
      res.on('error', (err) => (streaming ? done() : reject(err)));
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

function utf8AsLatin1(v: string): string {
  return Buffer.from(v, 'utf8').toString('latin1');
}

function sendRaw(baseUrl: string, req: WireRequest): Promise<WireResponse> {
  const url = new URL(baseUrl);
  const lines = [`${req.method} ${req.path} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  for (const [k, v] of Object.entries(req.headers)) for (const one of [v].flat()) lines.push(`${k}: ${one}`);
  if (req.body !== undefined) lines.push(`content-length: ${Buffer.byteLength(req.body)}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    socket.on('connect', () => socket.end(req.body === undefined ? head : Buffer.concat([head, Buffer.from(req.body)])));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseRawResponse(Buffer.concat(chunks)));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parseRawResponse(raw: Buffer): WireResponse {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`connection closed without a complete answer (${raw.length} bytes)`);
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
  const headers: IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
