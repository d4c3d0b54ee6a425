import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { RateLimitedError, Sesame, SesameError } from '@sesame/client';

export interface SignInAppOptions {
  sesame: Sesame;
  /** Where browsers reach this app (its origin); `<publicUrl>/callback` must be on the tenant's redirect allow-list. */
  publicUrl: string;
}

interface Session {
  userId: string;
  email: string | null;
}

const COOKIE = 'sid';

/**
 * A sign-in with Sesame magic links in one Node http server, no framework:
 *
 * 1. `POST /sign-in` (the form on `/`) asks Sesame to email a link that comes back to `/callback`;
 * 2. the person opens the link and confirms: Sesame redirects to `/callback?code=…`;
 * 3. `/callback` exchanges the one-time code (60 s, once, server side with the API key) for the
 *    user and starts a session cookie.
 *
 * Sessions live in memory: a real app keeps them in its own store.
 */
export function createSignInApp({ sesame, publicUrl }: SignInAppOptions): Server {
  const sessions = new Map<string, Session>();
  const callbackUrl = new URL('/callback', publicUrl).toString();

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>> = {
    'GET /': async (req, res) => {
      const session = sessionOf(req, sessions);
      if (session) return page(res, 200, `<p>Signed in as <strong>${escape(session.email ?? session.userId)}</strong>.</p>
        <form method="post" action="/sign-out"><button>Sign out</button></form>`);
      page(res, 200, `<form method="post" action="/sign-in">
        <label>Email <input type="email" name="email" required autocomplete="email"></label>
        <button>Email me a sign-in link</button></form>`);
    },

    'POST /sign-in': async (req, res) => {
      const email = new URLSearchParams(await readBody(req)).get('email') ?? '';
      try {
        await sesame.magicLinks.create({ email, redirect_url: callbackUrl });
        page(res, 200, '<p>Check your email: the link signs you in here.</p>');
      } catch (err) {
        if (err instanceof RateLimitedError) return page(res, 429, `<p>Too many links asked for. Try again in ${err.retryAfter} s.</p>`);
        if (err instanceof SesameError && err.status === 400) return page(res, 400, `<p>${escape(err.message)}</p><p><a href="/">Back</a></p>`);
        throw err;
      }
    },

    'GET /callback': async (_req, res, url) => {
      const code = url.searchParams.get('code');
      if (!code) return page(res, 400, '<p>This page is opened from a sign-in link.</p>');
      try {
        const { user } = await sesame.magicLinks.exchange({ code });
        const sid = randomBytes(32).toString('base64url');
        sessions.set(sid, { userId: user.id, email: user.email ?? null });
        const secure = publicUrl.startsWith('https:') ? '; Secure' : '';
        res.writeHead(303, { location: '/', 'set-cookie': `${COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax${secure}` }).end();
      } catch (err) {
        // invalid_code: unknown, already used or older than 60 s. The link itself is spent either way.
        if (err instanceof SesameError && err.status === 401) return page(res, 401, '<p>This sign-in link has expired or was used. <a href="/">Ask for a new one</a>.</p>');
        throw err;
      }
    },

    'GET /me': async (req, res) => {
      const session = sessionOf(req, sessions);
      res.writeHead(session ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(session ? { user: session } : { error: 'signed_out' }));
    },

    'POST /sign-out': async (req, res) => {
      const sid = cookieOf(req);
      if (sid) sessions.delete(sid);
      res.writeHead(303, { location: '/', 'set-cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` }).end();
    },
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', publicUrl);
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return page(res, 404, '<p>Not found.</p>');
    route(req, res, url).catch(() => {
      // A Sesame outage or a bug: the person gets a plain apology, not a stack trace.
      if (!res.headersSent) page(res, 502, '<p>Sign-in is unavailable right now. Please try again.</p>');
    });
  });
}

function sessionOf(req: IncomingMessage, sessions: Map<string, Session>): Session | undefined {
  const sid = cookieOf(req);
  return sid ? sessions.get(sid) : undefined;
}

function cookieOf(req: IncomingMessage): string | undefined {
  return (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([name]) => name === COOKIE)?.[1];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in</title><main>${html}</main></html>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
