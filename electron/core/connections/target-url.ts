// Connection targets written as URLs, for the CLI and collections:
//   tcp://host:port
//   tcp+tls://host:port?ca=ca.pem&cert=client.pem&key=client.key&servername=api.local&insecure=1
import type { ConnectionTarget } from '../../../shared/connection';
import { connectionTargetSchema } from '../../../shared/connection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';

const SUPPORTED = 'tcp://host:port or tcp+tls://host:port';

/** `readFile` loads the PEM files a TLS URL names (the CLI reads from disk). */
export function parseTargetUrl(text: string, readFile: (path: string) => string): Result<ConnectionTarget> {
  let url: URL;
  try {
    if (!text.includes('://')) throw new Error('no scheme');
    url = new URL(text);
  } catch {
    return fail('invalid-target', `"${text}" is not a target URL. Write it as ${SUPPORTED}.`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'tcp' && scheme !== 'tcp+tls') {
    return fail('invalid-target', `Unknown transport "${scheme}" in "${text}". Supported now: ${SUPPORTED}.`);
  }
  if (!url.port) return fail('invalid-target', `"${text}" has no port. Nest TCP services listen on 3000 by default: ${scheme}://${url.hostname || 'localhost'}:3000`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');

  let tls: Record<string, unknown> | undefined;
  if (scheme === 'tcp+tls') {
    tls = { rejectUnauthorized: url.searchParams.get('insecure') !== '1' };
    for (const name of ['ca', 'cert', 'key'] as const) {
      const path = url.searchParams.get(name);
      if (!path) continue;
      try {
        tls[name] = readFile(path);
      } catch (error) {
        return fail('invalid-target', `Cannot read the ${name} file "${path}": ${(error as Error).message}`);
      }
    }
    const servername = url.searchParams.get('servername');
    if (servername) tls.servername = servername;
  }
  const parsed = connectionTargetSchema.safeParse({ kind: 'tcp', host, port: Number(url.port), ...(tls ? { tls } : {}) });
  if (!parsed.success) return fail('invalid-target', `Invalid target "${text}": ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return ok(parsed.data);
}
