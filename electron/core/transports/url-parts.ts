// Small pieces every transport's URL parser uses.
import type { TlsOptions } from '../../../shared/connection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';

export type TargetUrlContext = {
  /** The TLS options of a secure scheme (`tcp+tls`, `rediss`, …), files already read. */
  tls: TlsOptions | undefined;
  /** Every host:port of an authority that lists several, comma-separated (kafka://a:1,b:2). */
  hosts?: string[];
};

/** Builds the target fields from a parsed URL; the result is validated against the contract. */
export type TargetUrlParser = (url: URL, context: TargetUrlContext) => Result<Record<string, unknown>>;

/** The port of a URL, or a message saying which default to write. */
export function requirePort(url: URL, defaultPort: number): Result<number> {
  if (url.port) return ok(Number(url.port));
  return fail('invalid-target', `the URL has no port; the usual one is ${defaultPort}`);
}

export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');
