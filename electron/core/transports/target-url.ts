// Connection targets written as URLs, for the CLI and collections. Each transport parses its
// own schemes; what they share (TLS files in the query) is read here once.
//   tcp://host:port   tcp+tls://host:port?ca=ca.pem&cert=client.pem&key=client.key&servername=x&insecure=1
import type { ConnectionTarget, TlsOptions } from '../../../shared/connection';
import { connectionTargetSchema } from '../../../shared/connection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
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
    return fail('invalid-target', `"${text}" is not a target URL. Write it as one of: ${supported()}.`);
  }
  const schemeName = url.protocol.replace(/:$/, '');
  const scheme = schemes[schemeName];
  if (!scheme) return fail('invalid-target', `Unknown transport "${schemeName}" in "${text}". Supported: ${supported()}.`);

  const secure = typeof scheme.secure === 'function' ? scheme.secure(url) : scheme.secure;
  const tls = secure ? readTlsParams(url, readFile) : ok(undefined);
  if (!tls.ok) return tls;
  const fields = scheme.parse(url, { tls: tls.value, ...(hosts ? { hosts } : {}) });
  if (!fields.ok) return fail('invalid-target', `Invalid target "${redactUrl(text)}": ${fields.error.message}`);
  const parsed = connectionTargetSchema.safeParse({ ...fields.value, ...(tls.value ? { tls: tls.value } : {}) });
  if (!parsed.success) return fail('invalid-target', `Invalid target "${redactUrl(text)}": ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return ok(parsed.data);
}

function readTlsParams(url: URL, readFile: (path: string) => string): Result<TlsOptions> {
  const tls: TlsOptions = { rejectUnauthorized: url.searchParams.get('insecure') !== '1' };
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
  return ok(tls);
}

/** A URL as it may be shown: the password replaced. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z+]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}
