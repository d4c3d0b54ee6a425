/** A minimal HTTP client for e2e specs: JSON in, JSON or text out, redirects never followed. */

export interface ApiOptions {
  method?: string;
  /** An object is sent as JSON; a string is sent as is (content-type application/json unless overridden). */
  body?: unknown;
  /** API key sent as `Authorization: Bearer <key>`. */
  key?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, the text otherwise. */
  body: T;
}

/** Sends one request to the gateway with global fetch, never following redirects. */
export async function apiRequest(baseUrl: string, path: string, opts: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
  Object.assign(headers, opts.headers);
  const res = await fetch(baseUrl + path, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  let parsed: unknown = text;
  if (isJson && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
