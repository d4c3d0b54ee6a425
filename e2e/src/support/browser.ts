import { mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import axeCore from 'axe-core';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/**
 * Hosted pages in a real browser (Debian's Chromium): a "device" per language and width, and one
 * call that reports what a person would meet on a page — its language, accessibility problems
 * (axe-core), horizontal overflow, the colour of its buttons, whether the logo loaded under the
 * page's own CSP — and saves a screenshot.
 */

/** Where screenshots go: git-ignored (`tmp/`), kept by CI as artefacts. */
export const ARTIFACT_DIR = join(__dirname, '..', '..', '..', 'tmp', 'e2e-artifacts', 'hosted-pages');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface DeviceOptions {
  /** Sent as Accept-Language (and the browser locale); default `en`. */
  language?: string;
  /** Viewport width in CSS pixels; default 320, the narrowest phone the pages must fit. */
  width?: number;
  /**
   * Script in the page. The hosted pages have none; `inspect` needs it on to run axe (its source
   * is evaluated through the DevTools protocol, which the page's CSP does not govern, so the page
   * keeps its real CSP). Flows that prove "works without JavaScript" turn it off.
   */
  javaScript?: boolean;
}

/** A browser profile: its own cookies, language and screen. */
export function device(browser: Browser, o: DeviceOptions = {}): Promise<BrowserContext> {
  const language = o.language ?? 'en';
  return browser.newContext({
    locale: language, extraHTTPHeaders: { 'accept-language': language },
    viewport: { width: o.width ?? 320, height: 640 }, javaScriptEnabled: o.javaScript ?? true,
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface PageReport {
  lang: string;
  title: string;
  h1: string;
  /** axe-core violations of impact serious or critical (the pages must have none). */
  violations: AxeViolation[];
  /** document.documentElement.scrollWidth: must not exceed the viewport (no sideways scrolling). */
  scrollWidth: number;
  viewportWidth: number;
  /** Computed colours of each primary `.button` (buttons and button-styled links in the brand colour). */
  buttons: { text: string; background: string; color: string }[];
  /** The logo `<img>` in the header, if any: loaded means complete with naturalWidth > 0. */
  logo: { src: string; alt: string; naturalWidth: number } | null;
  /** Console errors of the page (a CSP refusal shows up here). */
  consoleErrors: string[];
  /** Status and Content-Security-Policy of the document shown (the last main-frame navigation). */
  status: number;
  csp: string;
  screenshot: string;
}

interface Watched {
  consoleErrors: string[];
  status: number;
  csp: string;
}

const watched = new WeakMap<Page, Watched>();

/** Opens `url` in a new page of `ctx`, recording console errors for `inspect`. */
export async function open(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  watch(page);
  await page.goto(url);
  return page;
}

/** Starts recording a page's console errors and documents (pages opened by `open` already are). */
export function watch(page: Page): void {
  if (watched.has(page)) return;
  const w: Watched = { consoleErrors: [], status: 0, csp: '' };
  watched.set(page, w);
  page.on('console', (m) => {
    // A 4xx page (410 for a used link) is logged as a failed load: expected, not a fault.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) w.consoleErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)) {
      w.status = r.status();
      w.csp = r.headers()['content-security-policy'] ?? '';
    }
  });
}

/**
 * What the page in front of `page` offers a reader, and a screenshot named `name` (a file name:
 * letters, digits, dashes). Waits for images so the logo check is not a race.
 */
export async function inspect(page: Page, name: string): Promise<PageReport> {
  await page.waitForLoadState('load');
  await page.evaluate(AXE_SOURCE);
  // Strings, not functions: this project compiles without the DOM library.
  const axe = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
    ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => String(n.target)) })))`);
  const facts = await page.evaluate<Omit<PageReport, 'violations' | 'consoleErrors' | 'screenshot' | 'status' | 'csp'>>(`(() => {
    const img = document.querySelector('header img');
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelector('h1')?.textContent?.trim() ?? '',
      scrollWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
      buttons: [...document.querySelectorAll('.button:not(.secondary-button)')].map((b) => {
        const s = getComputedStyle(b);
        return { text: b.textContent.trim(), background: s.backgroundColor, color: s.color };
      }),
      logo: img ? { src: img.currentSrc || img.src, alt: img.alt, naturalWidth: img.complete ? img.naturalWidth : 0 } : null,
    };
  })()`);
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  const screenshot = join(ARTIFACT_DIR, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  const w = watched.get(page);
  return {
    ...facts, screenshot, consoleErrors: [...(w?.consoleErrors ?? [])], status: w?.status ?? 0, csp: w?.csp ?? '',
    violations: axe.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  };
}

const AXE_SOURCE: string = axeCore.source;

/** `#rrggbb` as getComputedStyle reports it: `rgb(r, g, b)`. */
export function rgb(hex: string): string {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}

/**
 * A local server for the tenant's side: `/logo.png` and `/favicon.png`, a real PNG of the given
 * size and colour (its CDN), and any other path a small page (its app, where sign-ins land).
 */
export async function startImageServer(o: { width?: number; height?: number; color?: string } = {}): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const png = solidPng(o.width ?? 160, o.height ?? 48, o.color ?? '#0f766e');
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/logo.png') || req.url?.startsWith('/favicon.png')) {
      return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="en"><title>App</title><h1>App</h1></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A PNG of one colour: signature, IHDR, IDAT (zlib of unfiltered RGB rows), IEND. */
function solidPng(width: number, height: number, hex: string): Buffer {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
