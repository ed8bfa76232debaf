// "Copy as": a request (target, pattern, data, headers) written as code or a command that puts
// the same message on the wire (nest-wire §0–§6): a NestJS ClientProxy snippet, grpcurl, kcat,
// redis-cli, or the Patchbay CLI. Secrets never appear: passwords become environment variables or
// `<password>`, TLS material the files ca.pem, client.pem and client.key.
import type { ConnectionTarget, TargetOf, TlsOptions, TransportKind } from './connection';
import type { Pattern } from './pattern';
import { normalizePattern } from './pattern-route';
import type { Result } from './result';
import { fail, ok } from './result';
import { TLS_FILE_NAMES, targetToUrl } from './target-url';
import type { RetryPolicyInput } from './retry';

export type CopyFormat = 'nest-client' | 'grpcurl' | 'kcat' | 'redis-cli' | 'patchbay-cli';

export const copyFormatLabels: Record<CopyFormat, string> = {
  'nest-client': 'NestJS ClientProxy',
  grpcurl: 'grpcurl',
  kcat: 'kcat',
  'redis-cli': 'redis-cli',
  'patchbay-cli': 'Patchbay CLI',
};

/** The formats that can carry a message of this transport, in menu order. */
export function copyFormatsFor(kind: TransportKind): CopyFormat[] {
  switch (kind) {
    case 'tcp':
    case 'rmq':
      return ['nest-client', 'patchbay-cli'];
    case 'redis':
      return ['nest-client', 'redis-cli', 'patchbay-cli'];
    case 'kafka':
      return ['nest-client', 'kcat', 'patchbay-cli'];
    case 'grpc':
      return ['nest-client', 'grpcurl', 'patchbay-cli'];
  }
}

export type CopyableRequest = {
  target: ConnectionTarget;
  kind: 'send' | 'emit';
  pattern: Pattern;
  data: unknown;
  /** Kafka and RabbitMQ headers, gRPC metadata. */
  headers?: Record<string, string>;
  /** The id a send carries (Redis packet id, Kafka correlation id): passed in so output is repeatable. */
  packetId: string;
  /** A send's retry policy: only the Patchbay CLI carries it (`--retries`). */
  retry?: RetryPolicyInput;
};

export function copyRequestAs(format: CopyFormat, request: CopyableRequest): Result<string> {
  const { target } = request;
  if (!copyFormatsFor(target.kind).includes(format)) return fail('unsupported-format', `${copyFormatLabels[format]} cannot carry a ${target.kind} message.`);
  if (target.kind === 'grpc' && request.kind === 'emit') return fail('unsupported-format', 'gRPC has no events: copy the request as a call instead.');
  switch (format) {
    case 'nest-client':
      return nestClientSnippet(request);
    case 'patchbay-cli':
      return ok(patchbayCommand(request));
    case 'grpcurl':
      return target.kind === 'grpc' ? grpcurlCommand(target, request) : fail('unsupported-format', 'grpcurl is for gRPC connections.');
    case 'kcat':
      return target.kind === 'kafka' ? kcatCommand(target, request) : fail('unsupported-format', 'kcat is for Kafka connections.');
    case 'redis-cli':
      return target.kind === 'redis' ? ok(redisCliCommand(target, request)) : fail('unsupported-format', 'redis-cli is for Redis connections.');
  }
}

// ── POSIX shell ──────────────────────────────────────────────────────────────────────────────

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word holding `text` exactly: bare when nothing in it is special, else single-quoted. */
export function shellQuote(text: string): string {
  if (SHELL_SAFE.test(text)) return text;
  // Nothing is special inside single quotes except the quote itself: close, escape it, reopen.
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word whose secret part the shell fills from an environment variable (left unquoted so it expands). */
const withEnvironmentSecret = (prefix: string, variable: string) => `${prefix === '' ? '' : shellQuote(prefix)}"$${variable}"`;

const compactJson = (value: unknown) => JSON.stringify(value);

function patchbayCommand(request: CopyableRequest): string {
  const url = targetToUrl(request.target, { hidePasswords: true });
  const pattern = typeof request.pattern === 'object' ? compactJson(request.pattern) : String(request.pattern);
  const command = `npx patchbay ${request.kind} ${shellQuote(url)} ${shellQuote(pattern)} ${shellQuote(compactJson(request.data))}${request.kind === 'send' ? retryFlags(request.retry) : ''}`;
  const names = Object.keys(request.headers ?? {});
  const tlsFiles = [...url.matchAll(/[?&](?:ca|cert|key)=([^&]+)/g)].map((match) => match[1]);
  const notes = [
    ...(names.length > 0 ? [`# The Patchbay CLI sends no headers; left out: ${names.join(', ')}`] : []),
    ...(tlsFiles.length > 0 ? [`# The URL reads TLS files from the current folder: ${tlsFiles.join(', ')}`] : []),
  ];
  return [...notes, command].join('\n');
}

/** ` --retries 2 --retry-backoff 100 …`: the flags `patchbay send` reads a retry policy from, defaults left out. */
function retryFlags(retry: RetryPolicyInput | undefined): string {
  if (!retry || retry.count === 0) return '';
  const flags = [`--retries ${retry.count}`];
  if (retry.backoffMs) flags.push(`--retry-backoff ${retry.backoffMs}`);
  if (retry.factor !== undefined && retry.factor !== 1) flags.push(`--retry-factor ${retry.factor}`);
  if (retry.jitter) flags.push(`--retry-jitter ${retry.jitter}`);
  if (retry.maxBackoffMs !== undefined) flags.push(`--retry-max-backoff ${retry.maxBackoffMs}`);
  return ` ${flags.join(' ')}`;
}

/** `users.UsersService/FindOne` → package `users`, service `UsersService`, method `FindOne`. */
function grpcMethodOf(pattern: Pattern): Result<{ packageName: string; service: string; method: string }> {
  const match = typeof pattern === 'string' ? /^(?:(.+)\.)?([^./]+)\/([^./]+)$/.exec(pattern) : null;
  if (!match) return fail('invalid-pattern', `A gRPC call names its method as package.Service/Method, e.g. users.UsersService/FindOne; got ${JSON.stringify(pattern)}.`);
  return ok({ packageName: match[1] ?? '', service: match[2]!, method: match[3]! });
}

const fileNameOf = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))) || '.';

function grpcurlCommand(target: TargetOf<'grpc'>, request: CopyableRequest): Result<string> {
  const method = grpcMethodOf(request.pattern);
  if (!method.ok) return method;
  const args = ['grpcurl'];
  if (!target.tls) args.push('-plaintext');
  else {
    if (target.tls.ca !== undefined) args.push('-cacert', TLS_FILE_NAMES.ca);
    if (target.tls.cert !== undefined) args.push('-cert', TLS_FILE_NAMES.cert);
    if (target.tls.key !== undefined) args.push('-key', TLS_FILE_NAMES.key);
    if (target.tls.servername) args.push('-servername', shellQuote(target.tls.servername));
    if (!target.tls.rejectUnauthorized) args.push('-insecure');
  }
  // grpcurl resolves -proto names against its import paths, so each file goes in as its folder + name.
  const importPaths = [...new Set([...target.includeDirs, ...target.protoFiles.map(folderOf)])];
  if (target.protoFiles.length > 0) for (const path of importPaths) args.push('-import-path', shellQuote(path));
  for (const file of target.protoFiles) args.push('-proto', shellQuote(fileNameOf(file)));
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push('-H', shellQuote(`${name}: ${value}`));
  args.push('-d', shellQuote(compactJson(request.data)));
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const { packageName, service, method: methodName } = method.value;
  args.push(shellQuote(`${host}:${target.port}`), shellQuote(`${packageName ? `${packageName}.` : ''}${service}/${methodName}`));
  return ok(args.join(' '));
}

/** Nest's KafkaRequestSerializer: strings as they are, objects as JSON, other values as text; `{key, value}` is a message itself. */
function kafkaMessageOf(data: unknown): { key?: string; value: string } {
  const encode = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'object' && value !== null ? compactJson(value) : value === undefined || value === null ? '' : String(value));
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && ('key' in data || 'value' in data)) {
    const message = data as { key?: unknown; value?: unknown };
    return { ...(message.key !== undefined && message.key !== null ? { key: encode(message.key) } : {}), value: encode(message.value) };
  }
  return { value: encode(data) };
}

function kafkaTopicOf(pattern: Pattern): Result<string> {
  if (typeof pattern === 'object') return fail('invalid-pattern', 'Kafka topics are strings: an object pattern is not a topic. Use the handler\'s string pattern, e.g. orders.created.');
  return ok(normalizePattern(pattern));
}

function kcatCommand(target: TargetOf<'kafka'>, request: CopyableRequest): Result<string> {
  const topic = kafkaTopicOf(request.pattern);
  if (!topic.ok) return topic;
  const connection = ['-b', shellQuote(target.brokers.join(','))];
  if (target.tls || target.sasl) connection.push('-X', `security.protocol=${target.sasl ? (target.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : 'SSL'}`);
  if (target.tls) {
    if (target.tls.ca !== undefined) connection.push('-X', `ssl.ca.location=${TLS_FILE_NAMES.ca}`);
    if (target.tls.cert !== undefined) connection.push('-X', `ssl.certificate.location=${TLS_FILE_NAMES.cert}`);
    if (target.tls.key !== undefined) connection.push('-X', `ssl.key.location=${TLS_FILE_NAMES.key}`);
    if (!target.tls.rejectUnauthorized) connection.push('-X', 'enable.ssl.certificate.verification=false');
  }
  if (target.sasl) {
    connection.push('-X', `sasl.mechanisms=${target.sasl.mechanism.toUpperCase()}`, '-X', shellQuote(`sasl.username=${target.sasl.username}`));
    connection.push('-X', withEnvironmentSecret('sasl.password=', 'KAFKA_PASSWORD'));
  }
  const replyTopic = `${topic.value}.reply`;
  const message = kafkaMessageOf(request.data);
  const headers = Object.entries(request.headers ?? {});
  if (request.kind === 'send') headers.push(['kafka_correlationId', request.packetId], ['kafka_replyTopic', replyTopic], ['kafka_replyPartition', '0']);
  // kcat -P splits stdin into messages at newlines: a value holding one is ended by 0x1E instead.
  const multiline = message.value.includes('\n');
  const produce = [
    'printf',
    multiline ? `'%s\\036'` : `'%s\\n'`,
    shellQuote(message.value),
    '|',
    'kcat',
    ...connection,
    '-t',
    shellQuote(topic.value),
    '-P',
    ...(multiline ? ['-D', `'\\x1e'`] : []),
    ...(message.key !== undefined ? ['-k', shellQuote(message.key)] : []),
    ...headers.flatMap(([name, value]) => ['-H', shellQuote(`${name}=${value}`)]),
  ].join(' ');
  if (request.kind === 'emit') return ok(produce);
  const consume = ['kcat', ...connection, '-t', shellQuote(replyTopic), '-C', '-o', 'end', '-f', `'%h %s\\n'`].join(' ');
  return ok(`# Nest replies to ${replyTopic}, partition 0; watch it with: ${consume}\n${produce}`);
}

function redisCliCommand(target: TargetOf<'redis'>, request: CopyableRequest): string {
  const connection = ['redis-cli', '-h', shellQuote(target.host), '-p', String(target.port)];
  if (target.username) connection.push('--user', shellQuote(target.username));
  if (target.password) connection.push('-a', withEnvironmentSecret('', 'REDIS_PASSWORD'), '--no-auth-warning');
  if (target.tls) {
    connection.push('--tls');
    if (target.tls.ca !== undefined) connection.push('--cacert', TLS_FILE_NAMES.ca);
    if (target.tls.cert !== undefined) connection.push('--cert', TLS_FILE_NAMES.cert);
    if (target.tls.key !== undefined) connection.push('--key', TLS_FILE_NAMES.key);
    if (target.tls.servername) connection.push('--sni', shellQuote(target.tls.servername));
    if (!target.tls.rejectUnauthorized) connection.push('--insecure');
  }
  // Redis routes by channel = the normalized pattern; the body keeps the raw pattern (nest-wire §3).
  const channel = normalizePattern(request.pattern);
  const packet = request.kind === 'send' ? { pattern: request.pattern, data: request.data, id: request.packetId } : { pattern: request.pattern, data: request.data };
  const publish = [...connection, 'PUBLISH', shellQuote(channel), shellQuote(compactJson(packet))].join(' ');
  if (request.kind === 'emit') return publish;
  return `# Replies go to ${channel}.reply; watch it first with: ${[...connection, 'SUBSCRIBE', shellQuote(`${channel}.reply`)].join(' ')}\n${publish}`;
}

// ── NestJS ClientProxy ───────────────────────────────────────────────────────────────────────

/** TypeScript written as it is, inside a rendered literal. */
class Code {
  constructor(readonly text: string) {}
}
const code = (text: string) => new Code(text);

type Literal = Code | string | number | boolean | null | undefined | readonly Literal[] | { readonly [key: string]: Literal };

const LINE_WIDTH = 80;
const indentOf = (level: number) => '  '.repeat(level);

/** A JS string literal in single quotes; line separators escaped so the snippet stays one line per line. */
export function jsString(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  const escaped = text.replace(/[\\'\u0000-\u001f\u2028\u2029]/g, (char) => {
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

// `__proto__: x` (quoted or not) would set the prototype: only a computed key makes it a property.
const jsKey = (key: string) => (key === '__proto__' ? `['__proto__']` : /^[A-Za-z_$][\w$]*$/.test(key) ? key : jsString(key));

/**
 * A value as a TypeScript literal, on one line when it fits in LINE_WIDTH from `column`, else one
 * entry per line at `level`. `undefined` entries are left out, so optional options can be written inline.
 */
function renderLiteral(value: Literal, level: number, column: number, multiline = false): string {
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return jsString(value);
  if (value === null || value === undefined || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const isArray = Array.isArray(value);
  const entries: [string | undefined, Literal][] = isArray ? (value as readonly Literal[]).map((item) => [undefined, item]) : Object.entries(value).filter((entry) => entry[1] !== undefined);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  const inner = indentOf(level + 1);
  const entryText = (key: string | undefined, item: Literal, startColumn: number) => {
    const lead = key === undefined ? '' : `${jsKey(key)}: `;
    return `${lead}${renderLiteral(item, level + 1, startColumn + lead.length)}`;
  };
  if (!multiline) {
    const parts = entries.map(([key, item]) => entryText(key, item, column));
    const inline = isArray ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
    if (!inline.includes('\n') && column + inline.length <= LINE_WIDTH) return inline;
  }
  const lines = entries.map(([key, item]) => `${inner}${entryText(key, item, inner.length)},`);
  return `${open}\n${lines.join('\n')}\n${indentOf(level)}${close}`;
}

/** A record of options, or nothing when none of them is set. */
const optional = (record: { readonly [key: string]: Literal }): Literal => (Object.values(record).some((value) => value !== undefined) ? record : undefined);

type Imports = Map<string, Set<string>>;

function importLines(imports: Imports): string[] {
  const modules = [...imports.keys()].sort((a, b) => Number(b.startsWith('node:')) - Number(a.startsWith('node:')) || a.localeCompare(b));
  return modules.map((module) => {
    const names = [...(imports.get(module) ?? [])].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
    return `import { ${names.join(', ')} } from '${module}';`;
  });
}

/** What each transport adds to the common snippet. */
type ClientParts = {
  transport: string;
  options: Literal;
  /** Lines before `const client`, e.g. a gRPC service interface. */
  before?: string[];
  /** Appended to `ClientProxyFactory.create(…)`. */
  cast?: string;
  /** Lines between creating the client and the try block. */
  after?: string[];
  /** The call around the data: its text before the data (pattern included) and after it. */
  call: (pattern: string) => [before: string, after: string];
  /** What is written for the data, when the transport wraps it with headers. */
  data?: Literal;
};

function nestClientSnippet(request: CopyableRequest): Result<string> {
  const imports: Imports = new Map([
    ['@nestjs/microservices', new Set(['ClientProxyFactory', 'Transport'])],
    ['rxjs', new Set(['lastValueFrom'])],
  ]);
  const use = (module: string, name: string) => imports.set(module, (imports.get(module) ?? new Set()).add(name));
  const fromFile = (file: string) => {
    use('node:fs', 'readFileSync');
    return code(`readFileSync(${jsString(file)})`);
  };
  const parts = clientParts(request, use, fromFile);
  if (!parts.ok) return parts;
  const { transport, options, before = [], cast = '', after = [], call, data = request.data as Literal } = parts.value;

  const factory = renderLiteral({ transport: code(`Transport.${transport}`), options }, 0, 0, true);
  const statement = request.kind === 'send' ? 'const reply = await lastValueFrom(' : 'await lastValueFrom(';
  const patternText = renderLiteral(request.pattern, 1, 2 + statement.length);
  const [callOpen, callClose] = call(patternText);
  const callText = `${statement}${callOpen}${renderLiteral(data, 1, 2 + statement.length + callOpen.length)}${callClose});`;
  const body = request.kind === 'send' ? [`  ${callText}`, '  console.log(reply);'] : [`  ${callText}`];
  return ok(
    [
      ...importLines(imports),
      '',
      ...(before.length > 0 ? [...before, ''] : []),
      `const client = ClientProxyFactory.create(${factory})${cast};`,
      ...after,
      '',
      'try {',
      ...body,
      '} finally {',
      '  await client.close();',
      '}',
      '',
    ].join('\n'),
  );
}

function tlsLiteral(tls: TlsOptions, fromFile: (file: string) => Code, caAsList = false): Literal {
  return {
    ca: tls.ca === undefined ? undefined : caAsList ? [fromFile(TLS_FILE_NAMES.ca)] : fromFile(TLS_FILE_NAMES.ca),
    cert: tls.cert === undefined ? undefined : fromFile(TLS_FILE_NAMES.cert),
    key: tls.key === undefined ? undefined : fromFile(TLS_FILE_NAMES.key),
    servername: tls.servername || undefined,
    rejectUnauthorized: tls.rejectUnauthorized ? undefined : false,
  };
}

const headersOf = (request: CopyableRequest) => (request.headers && Object.keys(request.headers).length > 0 ? request.headers : undefined);

function clientParts(request: CopyableRequest, use: (module: string, name: string) => void, fromFile: (file: string) => Code): Result<ClientParts> {
  const { target } = request;
  const proxyCall = (pattern: string): [string, string] => [`client.${request.kind}(${pattern}, `, ')'];
  switch (target.kind) {
    case 'tcp':
      return ok({ transport: 'TCP', options: { host: target.host, port: target.port, tlsOptions: target.tls && tlsLiteral(target.tls, fromFile) }, call: proxyCall });
    case 'redis':
      return ok({
        transport: 'REDIS',
        options: {
          host: target.host,
          port: target.port,
          username: target.username,
          password: target.password ? code('process.env.REDIS_PASSWORD') : undefined,
          tls: target.tls && tlsLiteral(target.tls, fromFile),
        },
        call: proxyCall,
      });
    case 'rmq': {
      const defaultUser = target.username === 'guest' && target.password === 'guest';
      const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${target.vhost === '/' ? '' : `/${encodeURIComponent(target.vhost)}`}`;
      const scheme = target.tls ? 'amqps' : 'amqp';
      // Every part is URL-encoded, so none can end the template literal.
      const url = defaultUser ? `${scheme}://${address}` : code(`\`${scheme}://${encodeURIComponent(target.username)}:\${encodeURIComponent(process.env.RABBITMQ_PASSWORD ?? '')}@${address}\``);
      const headers = headersOf(request);
      if (headers) use('@nestjs/microservices', 'RmqRecordBuilder');
      return ok({
        transport: 'RMQ',
        options: {
          urls: [url],
          queue: target.queue,
          queueOptions: Object.keys(target.queueOptions).length > 0 ? (target.queueOptions as Literal) : undefined,
          noAssert: target.noAssert || undefined,
          persistent: target.persistent || undefined,
          exchange: target.exchange,
          exchangeType: target.exchangeType,
          routingKey: target.routingKey,
          wildcards: target.wildcards || undefined,
          socketOptions: target.tls && { connectionOptions: tlsLiteral(target.tls, fromFile, true) },
        },
        // RabbitMQ headers ride on a record built beside the call.
        ...(headers
          ? {
              after: [`const record = new RmqRecordBuilder(${renderLiteral(request.data as Literal, 0, 'const record = new RmqRecordBuilder('.length)})`, `  .setOptions({ headers: ${renderLiteral(headers, 1, '  .setOptions({ headers: '.length)} })`, '  .build();'],
              data: code('record'),
            }
          : {}),
        call: proxyCall,
      });
    }
    case 'kafka': {
      const topic = kafkaTopicOf(request.pattern);
      if (!topic.ok) return topic;
      const send = request.kind === 'send';
      if (send) use('@nestjs/microservices', 'ClientKafka');
      const headers = headersOf(request);
      const tls = target.tls;
      return ok({
        transport: 'KAFKA',
        options: {
          client: {
            clientId: target.clientId,
            brokers: target.brokers,
            ssl: tls && (tls.ca || tls.cert || tls.key || tls.servername || !tls.rejectUnauthorized ? tlsLiteral(tls, fromFile, true) : true),
            sasl: target.sasl && { mechanism: target.sasl.mechanism, username: target.sasl.username, password: code("process.env.KAFKA_PASSWORD ?? ''") },
          },
          consumer: send ? { groupId: target.clientId, allowAutoTopicCreation: target.allowAutoTopicCreation ? undefined : false } : undefined,
          // An event needs no reply consumer, so no consumer group is joined.
          producerOnlyMode: send ? undefined : true,
        },
        // A send needs the reply topic subscribed before connecting (nest-wire §5).
        ...(send ? { cast: ' as ClientKafka', after: [`client.subscribeToResponseOf(${jsString(topic.value)});`, 'await client.connect();'] } : {}),
        call: proxyCall,
        // Nest takes an object with `value` (and `headers`) as the Kafka message itself.
        data: headers && { value: request.data as Literal, headers },
      });
    }
    case 'grpc': {
      const method = grpcMethodOf(request.pattern);
      if (!method.ok) return method;
      const { packageName, service, method: methodName } = method.value;
      use('@grpc/grpc-js', 'Metadata');
      use('rxjs', 'type Observable');
      const typeName = service.replace(/[^\w$]/g, '');
      const serviceVariable = `${typeName.charAt(0).toLowerCase()}${typeName.slice(1)}`;
      const headers = Object.entries(headersOf(request) ?? {});
      const reflection = target.protoFiles.length === 0;
      const protoFiles = reflection ? [`${packageName || typeName}.proto`] : target.protoFiles;
      const loader = target.loader;
      if (target.tls) use('@grpc/grpc-js', 'credentials');
      const tls = target.tls;
      const sslArguments = tls && [tls.ca === undefined ? 'null' : fromFile(TLS_FILE_NAMES.ca).text, tls.key === undefined ? 'null' : fromFile(TLS_FILE_NAMES.key).text, tls.cert === undefined ? 'null' : fromFile(TLS_FILE_NAMES.cert).text];
      while (sslArguments && sslArguments.at(-1) === 'null') sslArguments.pop();
      if (sslArguments && !tls.rejectUnauthorized) sslArguments.push(...Array(3 - sslArguments.length).fill('null'), '{ rejectUnauthorized: false }');
      return ok({
        transport: 'GRPC',
        options: {
          package: packageName,
          protoPath: protoFiles.length === 1 ? protoFiles[0] : protoFiles,
          url: `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`,
          loader: optional({
            includeDirs: target.includeDirs.length > 0 ? target.includeDirs : undefined,
            keepCase: loader.keepCase || undefined,
            longs: loader.longs === 'Long' ? undefined : code(loader.longs),
            enums: loader.enums === 'Number' ? undefined : code(loader.enums),
            defaults: loader.defaults || undefined,
            oneofs: loader.oneofs || undefined,
          }),
          credentials: sslArguments && code(`credentials.createSsl(${sslArguments.join(', ')})`),
          channelOptions: tls?.servername ? { 'grpc.ssl_target_name_override': tls.servername } : undefined,
        },
        before: [
          ...(reflection ? [`// The connection reads the schema by server reflection; Nest's client needs the .proto: save it as ${protoFiles[0]}.`] : []),
          `interface ${typeName} {`,
          `  ${methodName}(request: object, metadata?: Metadata): Observable<unknown>;`,
          '}',
        ],
        after: [
          `const ${serviceVariable} = client.getService<${typeName}>(${jsString(service)});`,
          'const metadata = new Metadata();',
          ...headers.map(([name, value]) => `metadata.set(${jsString(name)}, ${jsString(value)});`),
        ],
        call: () => [`${serviceVariable}.${methodName}(`, ', metadata)'],
      });
    }
  }
}
