// The renderer is served from app://patchbay/ rather than file://, so that every answer carries
// the Content-Security-Policy as a header (a <meta> CSP cannot set frame-ancestors and comes too
// late for anything before it), file:// keeps none of its extra privileges, and nothing outside
// dist/renderer can be read through the page.
import { readFile as readFileFromDisk } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../core/content-security-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'patchbay';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure origin like https. */
export const appSchemePrivileges = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } } as const;

/** The renderer's IPC and navigations are trusted only from our own origin. */
export const isAppUrl = (url: string): boolean => url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  // The app talks to its engine over IPC only: no fetch, WebSocket or EventSource anywhere.
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

export type AppProtocolOptions = {
  /** dist/renderer: the only folder answered from. */
  rendererDir: string;
  readFile?: (path: string) => Promise<Uint8Array>;
};

/** The handler for protocol.handle('app', …): built renderer files only, each with the security headers. */
export function createAppProtocolHandler({ rendererDir, readFile = readFileFromDisk }: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  const answer = (status: number, text: string) => new Response(text, { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    let url: URL;
    let path: string;
    try {
      url = new URL(request.url);
      path = decodeURIComponent(url.pathname);
    } catch {
      return answer(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return answer(404, 'Not found');
    // The URL parser folds "/../" already; a decoded "..%2f", a backslash or a NUL must not get further.
    if (path.includes('\0')) return answer(400, 'Bad request');
    const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
    const inside = relative(root, file);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return answer(403, 'Forbidden');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return answer(404, 'Not found');
    }
    const headers = { ...APP_RESPONSE_HEADERS, 'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
