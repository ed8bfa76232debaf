// Connection targets written as URLs, for the CLI and collections. Each transport parses its
// own schemes; what they share (TLS files in the query) is read here once.
//   tcp://host:port   tcp+tls://host:port?ca=ca.pem&cert=client.pem&key=client.key&servername=x&insecure=1
import type { ConnectionTarget, TlsOptions } from '../../../shared/connection';
import { connectionTargetSchema } from '../../../shared/connection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { redactUrlPasswords } from '../../../shared/redaction';
import { redisTargetFromUrl } from './redis/target-url';
import { rmqTargetFromUrl } from './rmq/target-url';
import { tcpTargetFromUrl } from './tcp/target-url';
import { grpcTargetFromUrl } from './grpc/target-url';
import { kafkaTargetFromUrl, kafkaUsesTls } from './kafka/target-url';
import type { TargetUrlParser } from './url-parts';

/** `secure` may depend on the URL: kafka:// turns TLS on with ?ssl=1. */
type Scheme = { parse: TargetUrlParser; secure: boolean | ((url: URL) => boolean); example: string };

const schemes: Record<string, Scheme> = {
  tcp: { parse: tcpTargetFromUrl, secure: false, example: 'tcp://host:port' },
  'tcp+tls': { parse: tcpTargetFromUrl, secure: true, example: 'tcp+tls://host:port?ca=ca.pem' },
  grpc: { parse: grpcTargetFromUrl, secure: false, example: 'grpc://host:port[?proto=file.proto]' },
  grpcs: { parse: grpcTargetFromUrl, secure: true, example: 'grpcs://host:port?ca=ca.pem[&proto=file.proto]' },
  redis: { parse: redisTargetFromUrl, secure: false, example: 'redis://[user:pass@]host:port[/db]' },
  rediss: { parse: redisTargetFromUrl, secure: true, example: 'rediss://[user:pass@]host:port[/db]?ca=ca.pem' },
  amqp: { parse: rmqTargetFromUrl, secure: false, example: 'amqp://user:pass@host:port/vhost?queue=NAME' },
  amqps: { parse: rmqTargetFromUrl, secure: true, example: 'amqps://user:pass@host:port/vhost?queue=NAME&ca=ca.pem' },
  kafka: { parse: kafkaTargetFromUrl, secure: kafkaUsesTls, example: 'kafka://host:port[,host:port]?clientId=NAME[&ssl=1&sasl=plain&username=U&password=P]' },
  kafkas: { parse: kafkaTargetFromUrl, secure: true, example: 'kafkas://host:port[,host:port]?ca=ca.pem' },
};

const supported = () => Object.values(schemes).map((scheme) => scheme.example).join(', ');

/** `readFile` loads the PEM files a TLS URL names (the CLI reads from disk). */
export function parseTargetUrl(text: string, readFile: (path: string) => string): Result<ConnectionTarget> {
  let url: URL;
  let hosts: string[] | undefined;
  try {
    if (!text.includes('://')) throw new Error('no scheme');
    // Kafka lists several brokers in the authority (kafka://a:9092,b:9092), which URL cannot
    // parse: parse the first and hand the whole list to the scheme.
    hosts = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#@]*,[^/?#]*)/i.exec(text)?.[1]?.split(',');
    url = new URL(hosts ? text.replace(hosts.join(','), hosts[0] ?? '') : text);
  } catch {
    return fail('invalid-target', whyNotAUrl(text));
  }
  const schemeName = url.protocol.replace(/:$/, '');
  const scheme = schemes[schemeName];
  if (!scheme) return fail('invalid-target', `Unknown transport "${schemeName}" in "${redactUrl(text)}". Supported: ${supported()}.`);

  const secure = typeof scheme.secure === 'function' ? scheme.secure(url) : scheme.secure;
  const tls = secure ? readTlsParams(url, readFile) : ok(undefined);
  if (!tls.ok) return tls;
  const fields = scheme.parse(url, { tls: tls.value, ...(hosts ? { hosts } : {}) });
  if (!fields.ok) return fail('invalid-target', `Invalid target "${redactUrl(text)}": ${fields.error.message}`);
  const parsed = connectionTargetSchema.safeParse({ ...fields.value, ...(tls.value ? { tls: tls.value } : {}) });
  if (!parsed.success) return fail('invalid-target', `Invalid target "${redactUrl(text)}": ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return ok(parsed.data);
}

/** What makes `text` unparseable, most specific first: no scheme, a bad port, anything else. */
function whyNotAUrl(text: string): string {
  const shown = redactUrl(text);
  if (!text.includes('://')) {
    const example = /^[^\s/:@]+:\d+$/.test(text) ? `tcp://${text}` : 'tcp://127.0.0.1:3000';
    return `"${shown}" has no transport: start it with one, for example ${example}. Write it as one of: ${supported()}.`;
  }
  // The port after the host (or after an IPv6 [address]); URL itself only says "Invalid URL".
  // The port must end the authority, so a password (user:secret@…) is never read as one.
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#[@]*):([^/?#,@[\]]*)(?=[/?#,]|$)/i.exec(text)?.[1];
  if (port) {
    if (!/^\d+$/.test(port)) return `The port "${port}" in "${shown}" is not a number. Write a port from 1 to 65535 after the host, for example tcp://127.0.0.1:3000.`;
    if (Number(port) > 65535) return `The port ${port} in "${shown}" is out of range. Write a port from 1 to 65535.`;
  }
  return `"${shown}" is not a target URL. Write it as one of: ${supported()}.`;
}

function readTlsParams(url: URL, readFile: (path: string) => string): Result<TlsOptions> {
  const tls: TlsOptions = { rejectUnauthorized: url.searchParams.get('insecure') !== '1' };
  for (const name of ['ca', 'cert', 'key'] as const) {
    const path = url.searchParams.get(name);
    if (!path) continue;
    try {
      tls[name] = readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return fail('invalid-target', `The ${name} file "${path}" (${name}= in the URL) does not exist. Check the path; a relative one starts at the folder Patchbay runs in.`);
      if (code === 'EISDIR') return fail('invalid-target', `The ${name} file "${path}" (${name}= in the URL) is a folder. Name the PEM file itself.`);
      return fail('invalid-target', `Cannot read the ${name} file "${path}" (${name}= in the URL): ${(error as Error).message}. Check that the file is readable.`);
    }
  }
  const servername = url.searchParams.get('servername');
  if (servername) tls.servername = servername;
  return ok(tls);
}

/** A URL as it may be shown: the password replaced (shared/redaction.ts, one marker everywhere). */
export function redactUrl(text: string): string {
  return redactUrlPasswords(text);
}
