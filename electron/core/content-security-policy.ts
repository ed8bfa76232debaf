// The renderer's Content-Security-Policy, one builder for both places that serve it: the desktop
// app's app:// protocol and the headless host. Scripts only from the app itself, never eval;
// inline styles stay allowed because React style props and CodeMirror's injected theme need them.
export function contentSecurityPolicy({ connectSources = [] }: { connectSources?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
