import { Sesame, SesameError } from '@sesame/client';

export interface ConsoleSessionInfo {
  email: string;
  role: 'admin' | 'viewer';
  tenant: { id: string; slug: string; name: string };
  csrf_token: string;
  idle_timeout_seconds: number;
  /** An admin of the operator tenant (CONSOLE_OPERATOR_TENANT): the tenants screen and root routes. */
  operator: boolean;
}

const CSRF_HEADER = 'x-csrf-token';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The typed client over the console session: the session cookie instead of an API key (the
 * client's Bearer header is dropped), and the session's CSRF token on every mutating request.
 * The /v1 API is the same one integrators call, so it is the API that refuses what a role may not do.
 */
export function consoleClient(session: ConsoleSessionInfo): Sesame {
  const sessionFetch: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.delete('authorization');
    headers.delete('user-agent');
    if (MUTATING.has((init.method ?? 'GET').toUpperCase())) headers.set(CSRF_HEADER, session.csrf_token);
    return fetch(input, { ...init, headers, credentials: 'same-origin' });
  };
  return new Sesame({ apiKey: 'console-session', baseUrl: window.location.origin, fetch: sessionFetch, maxRetries: 0 });
}

/** Who is signed in, or null (401: no session, or it ended). */
export async function fetchSession(): Promise<ConsoleSessionInfo | null> {
  const res = await fetch('/console/api/session', { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as ConsoleSessionInfo;
}

export async function requestSignIn(tenant: string, email: string): Promise<void> {
  const res = await fetch('/console/api/sign-in', {
    method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, email }),
  });
  if (!res.ok) throw await errorOf(res);
}

export async function signOut(session: ConsoleSessionInfo): Promise<void> {
  await fetch('/console/api/sign-out', { method: 'POST', credentials: 'same-origin', headers: { [CSRF_HEADER]: session.csrf_token } });
}

/** Console-only routes (/v1/console-users) that the SDK does not cover yet go through the same session fetch. */
export async function consoleRequest<T>(session: ConsoleSessionInfo, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (MUTATING.has(method)) headers[CSRF_HEADER] = session.csrf_token;
  const res = await fetch(path, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw await errorOf(res);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function errorOf(res: Response): Promise<SesameError> {
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null;
  return new SesameError({
    status: res.status, code: body?.error?.code ?? 'http_error', message: body?.error?.message ?? `HTTP ${res.status}`, details: body?.error?.details,
  });
}

/** The API's message for one field (validation_failed lists fields), else null. */
export function fieldError(err: unknown, field: string): string | null {
  if (!(err instanceof SesameError)) return null;
  // validation_failed names `fields`; a policy refusal names `issues` by path (redirect.allowed_urls.0), a template's by field.
  const fields = (err.details?.fields as { field: string; message: string }[] | undefined)
    ?? (err.details?.issues as { path?: string; field?: string; message: string }[] | undefined)?.map((i) => ({ field: i.path ?? i.field ?? '', message: i.message }));
  const own = fields?.filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`));
  if (own?.length) return own.map((f) => f.message).join('; ');
  if (err.details?.field === field) return err.message;
  return null;
}

/** The message to show for a failure not tied to one field. */
export function messageOf(err: unknown): string {
  if (err instanceof SesameError) return `${err.message} (${err.code})`;
  return err instanceof Error ? err.message : String(err);
}
