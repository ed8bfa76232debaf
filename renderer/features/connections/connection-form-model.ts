// The "New connection" form as plain strings, and its validation: each message names the problem
// and the fix, next to the field it is about. The contract's own schema (shared/connection.ts) has
// the last word, so the form and the engine agree on what a target is.
import { commands, type CommandInput } from '../../../shared/contract';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_FRAME_MIB,
  DEFAULT_REQUEST_TIMEOUT_MS,
  protoLoaderOptionsSchema,
  rmqTargetSchema,
  saslSchema,
  type ConnectionTarget,
  type TlsOptions,
  type TransportKind,
} from '../../../shared/connection';

export const transportKinds = ['tcp', 'redis', 'rmq', 'kafka', 'grpc'] as const satisfies readonly TransportKind[];

/** How each transport is named in the picker. */
export const transportLabels: Record<TransportKind, string> = { tcp: 'TCP', redis: 'Redis', rmq: 'RabbitMQ', kafka: 'Kafka', grpc: 'gRPC' };

/** The short form, for badges. */
export const transportShortLabels: Record<TransportKind, string> = { tcp: 'TCP', redis: 'Redis', rmq: 'RMQ', kafka: 'Kafka', grpc: 'gRPC' };

/** The port each broker or server listens on unless told otherwise; TCP services have none. */
export const defaultPorts: Record<TransportKind, string> = { tcp: '', redis: '6379', rmq: '5672', kafka: '', grpc: '5000' };

export const exchangeTypes = rmqTargetSchema.shape.exchangeType.unwrap().options;
export type ExchangeType = (typeof exchangeTypes)[number];
export const saslMechanisms = saslSchema.shape.mechanism.options;
export type SaslMechanism = (typeof saslMechanisms)[number];
export const longsOptions = protoLoaderOptionsSchema.shape.longs.unwrap().options;
export const enumsOptions = protoLoaderOptionsSchema.shape.enums.unwrap().options;
const loaderDefaults = protoLoaderOptionsSchema.parse({});

export interface ConnectionFormValues {
  transport: TransportKind;
  name: string;
  /** TCP, Redis, RabbitMQ, gRPC. */
  host: string;
  port: string;
  /** TCP: the largest frame accepted from the service, in MiB; empty is DEFAULT_MAX_FRAME_MIB. */
  maxFrameMiB: string;
  /** Redis and RabbitMQ; Kafka's SASL. */
  username: string;
  password: string;
  /** Redis. */
  db: string;
  /** RabbitMQ. */
  vhost: string;
  queue: string;
  durable: boolean;
  /** The other queueOptions, as a JSON object. */
  queueOptions: string;
  noAssert: boolean;
  persistent: boolean;
  exchange: string;
  exchangeType: '' | ExchangeType;
  routingKey: string;
  wildcards: boolean;
  /** Kafka. */
  brokers: string;
  clientId: string;
  saslMechanism: 'none' | SaslMechanism;
  allowAutoTopicCreation: boolean;
  /** gRPC: one path per line. */
  protoFiles: string;
  includeDirs: string;
  keepCase: boolean;
  longs: (typeof longsOptions)[number];
  enums: (typeof enumsOptions)[number];
  defaults: boolean;
  oneofs: boolean;
  /** Every transport. */
  useTls: boolean;
  ca: string;
  cert: string;
  key: string;
  servername: string;
  verifyServerCertificate: boolean;
  connectTimeoutMs: string;
  requestTimeoutMs: string;
}

export type ConnectionFormField = keyof ConnectionFormValues;
export type ConnectionFormErrors = Partial<Record<ConnectionFormField, string>>;

export const emptyConnectionForm: ConnectionFormValues = {
  transport: 'tcp',
  name: '',
  host: '127.0.0.1',
  port: '',
  maxFrameMiB: '',
  username: '',
  password: '',
  db: '',
  vhost: '',
  queue: '',
  durable: true,
  queueOptions: '',
  noAssert: false,
  persistent: false,
  exchange: '',
  exchangeType: '',
  routingKey: '',
  wildcards: false,
  brokers: '127.0.0.1:9092',
  clientId: '',
  saslMechanism: 'none',
  allowAutoTopicCreation: true,
  protoFiles: '',
  includeDirs: '',
  keepCase: loaderDefaults.keepCase,
  longs: loaderDefaults.longs,
  enums: loaderDefaults.enums,
  defaults: loaderDefaults.defaults,
  oneofs: loaderDefaults.oneofs,
  useTls: false,
  ca: '',
  cert: '',
  key: '',
  servername: '',
  verifyServerCertificate: true,
  connectTimeoutMs: '',
  requestTimeoutMs: '',
};

/**
 * Switches the form to another transport, keeping what carries over (name, host, TLS, timeouts).
 * A port still at the old transport's default (or empty) moves to the new one's default.
 */
export function switchTransport(values: ConnectionFormValues, transport: TransportKind): ConnectionFormValues {
  if (values.transport === transport) return values;
  const port = values.port.trim();
  const keepPort = port !== '' && port !== defaultPorts[values.transport];
  return { ...values, transport, port: keepPort ? values.port : defaultPorts[transport] };
}

/** Fills the form from a target (from a pasted URL), keeping the name and timeouts. */
export function formValuesFromTarget(target: ConnectionTarget, current: ConnectionFormValues): ConnectionFormValues {
  const base: ConnectionFormValues = {
    ...emptyConnectionForm,
    name: current.name,
    connectTimeoutMs: current.connectTimeoutMs,
    requestTimeoutMs: current.requestTimeoutMs,
    transport: target.kind,
    port: defaultPorts[target.kind],
    ...tlsValues(target.tls),
  };
  switch (target.kind) {
    case 'tcp':
      return { ...base, host: target.host, port: String(target.port), maxFrameMiB: target.maxFrameMiB !== undefined ? String(target.maxFrameMiB) : '' };
    case 'redis':
      return { ...base, host: target.host, port: String(target.port), db: target.db ? String(target.db) : '', username: target.username ?? '', password: target.password ?? '' };
    case 'rmq': {
      const { durable, ...otherQueueOptions } = target.queueOptions;
      return {
        ...base,
        host: target.host,
        port: String(target.port),
        vhost: target.vhost === '/' ? '' : target.vhost,
        username: target.username === 'guest' ? '' : target.username,
        password: target.password === 'guest' ? '' : target.password,
        queue: target.queue,
        durable: durable !== false,
        queueOptions: Object.keys(otherQueueOptions).length > 0 ? JSON.stringify(otherQueueOptions) : '',
        noAssert: target.noAssert,
        persistent: target.persistent,
        exchange: target.exchange ?? '',
        exchangeType: target.exchangeType ?? '',
        routingKey: target.routingKey ?? '',
        wildcards: target.wildcards,
      };
    }
    case 'kafka':
      return {
        ...base,
        brokers: target.brokers.join(', '),
        clientId: target.clientId === 'patchbay' ? '' : target.clientId,
        saslMechanism: target.sasl?.mechanism ?? 'none',
        username: target.sasl?.username ?? '',
        password: target.sasl?.password ?? '',
        allowAutoTopicCreation: target.allowAutoTopicCreation,
      };
    case 'grpc':
      return {
        ...base,
        host: target.host,
        port: String(target.port),
        protoFiles: target.protoFiles.join('\n'),
        includeDirs: target.includeDirs.join('\n'),
        ...target.loader,
      };
  }
}

function tlsValues(tls: TlsOptions | undefined): Partial<ConnectionFormValues> {
  if (!tls) return {};
  return { useTls: true, ca: tls.ca ?? '', cert: tls.cert ?? '', key: tls.key ?? '', servername: tls.servername ?? '', verifyServerCertificate: tls.rejectUnauthorized };
}

export type OpenConnectionInput = CommandInput<'connection.open'>;

export type ConnectionFormCheck = { ok: true; input: OpenConnectionInput } | { ok: false; errors: ConnectionFormErrors; formError?: string };

const WHOLE_NUMBER = /^\d+$/;

export function checkConnectionForm(values: ConnectionFormValues): ConnectionFormCheck {
  const errors: ConnectionFormErrors = {};
  const name = values.name.trim();
  const { transport } = values;

  if (name === '') errors.name = 'Name is required — for example orders-service, to tell connections apart';

  const usesHost = transport !== 'kafka';
  const host = values.host.trim();
  const port = values.port.trim();
  if (usesHost) {
    if (host === '') errors.host = 'Host is required — for example 127.0.0.1 or orders.internal';
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) errors.host = `Host is a name or address only — remove the scheme (${host.slice(0, host.indexOf('://') + 3)}) and put the port in Port`;
    else if (/\s/.test(host)) errors.host = 'Host cannot contain spaces — type a name or address such as 127.0.0.1';

    if (port === '') errors.port = transport === 'tcp' ? 'Port is required — the port the Nest service listens on, for example 3000' : `Port is required — ${transportLabels[transport]} usually listens on ${defaultPorts[transport]}`;
    else if (!WHOLE_NUMBER.test(port) || Number(port) < 1 || Number(port) > 65535) errors.port = 'Port must be a whole number from 1 to 65535';
  }

  const target = buildTarget(values, host, port, errors);

  if (values.useTls) {
    const cert = values.cert.trim();
    const key = values.key.trim();
    if (values.ca.trim() !== '' && !looksLikePem(values.ca)) errors.ca = 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----';
    if (cert !== '' && !looksLikePem(cert)) errors.cert = 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----';
    if (key !== '' && !looksLikePem(key)) errors.key = 'This is not PEM text — paste the block that starts with -----BEGIN PRIVATE KEY-----';
    if (cert !== '' && key === '') errors.key = 'Client key is required with a client certificate — paste its PEM key, or clear the certificate';
    if (key !== '' && cert === '') errors.cert = 'Client certificate is required with a client key — paste its PEM certificate, or clear the key';
  }

  const connectTimeoutMs = parseTimeout(values.connectTimeoutMs);
  const requestTimeoutMs = parseTimeout(values.requestTimeoutMs);
  if (Number.isNaN(connectTimeoutMs)) errors.connectTimeoutMs = `Connect timeout must be a whole number of milliseconds above 0 — or leave it empty for ${DEFAULT_CONNECT_TIMEOUT_MS}`;
  if (Number.isNaN(requestTimeoutMs)) errors.requestTimeoutMs = `Request timeout must be a whole number of milliseconds above 0 — or leave it empty for ${DEFAULT_REQUEST_TIMEOUT_MS}`;

  const input = {
    name,
    target: { ...target, ...(values.useTls ? { tls: tlsOptions(values) } : {}) },
    ...(connectTimeoutMs !== undefined || requestTimeoutMs !== undefined
      ? { options: { ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}), ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}) } }
      : {}),
  };

  // The engine validates with the same schema; checking here puts its message next to the field.
  const parsed = commands['connection.open'].input.safeParse(input);
  let formError: string | undefined;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForPath(issue.path);
      if (field) errors[field] ??= issue.message;
      else formError ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return formError ? { ok: false, errors, formError } : { ok: false, errors };
  // The target as parsed, defaults filled in: exactly what the engine will keep. Timeouts left
  // empty stay out, so the engine's own defaults apply.
  return { ok: true, input: { name: parsed.data.name, target: parsed.data.target, ...(input.options ? { options: input.options } : {}) } };
}

/** The transport's own fields; problems that only the form can see go into `errors`. */
function buildTarget(values: ConnectionFormValues, host: string, port: string, errors: ConnectionFormErrors): Record<string, unknown> {
  const portNumber = Number(port);
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  switch (values.transport) {
    case 'tcp': {
      const maxFrame = values.maxFrameMiB.trim();
      if (maxFrame !== '' && !/^\d*\.?\d+$/.test(maxFrame)) errors.maxFrameMiB = `Max frame size must be a number of MiB, for example 128 — or leave it empty for ${DEFAULT_MAX_FRAME_MIB}`;
      return { kind: 'tcp', host, port: portNumber, ...(maxFrame !== '' ? { maxFrameMiB: Number(maxFrame) } : {}) };
    }
    case 'redis': {
      const db = values.db.trim();
      if (db !== '' && !WHOLE_NUMBER.test(db)) errors.db = 'Database must be a whole number, 0 or more — or leave it empty for 0';
      return { kind: 'redis', host, port: portNumber, ...withDefined({ username: optional(values.username), password: values.password === '' ? undefined : values.password, db: db === '' ? undefined : Number(db) }) };
    }
    case 'rmq': {
      const queueOptions = parseQueueOptions(values.queueOptions, errors);
      if (values.exchange.trim() === '' && (values.exchangeType !== '' || values.routingKey.trim() !== '')) errors.exchange = 'Exchange is required with an exchange type or routing key — name the exchange, or clear them';
      return {
        kind: 'rmq',
        host,
        port: portNumber,
        ...withDefined({ vhost: optional(values.vhost), username: optional(values.username), password: values.password === '' ? undefined : values.password }),
        queue: values.queue.trim(),
        // amqplib asserts a queue durable unless told otherwise, so "durable" is the default, left out.
        queueOptions: values.durable ? queueOptions : { ...queueOptions, durable: false },
        noAssert: values.noAssert,
        persistent: values.persistent,
        ...withDefined({ exchange: optional(values.exchange), exchangeType: values.exchangeType === '' ? undefined : values.exchangeType, routingKey: optional(values.routingKey) }),
        wildcards: values.wildcards,
      };
    }
    case 'kafka': {
      const brokers = values.brokers
        .split(/[\s,]+/)
        .map((broker) => broker.trim())
        .filter((broker) => broker !== '');
      const invalid = brokers.find((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
      if (brokers.length === 0) errors.brokers = 'Give at least one broker as host:port, for example 127.0.0.1:9092';
      else if (invalid) errors.brokers = /^[a-z][a-z0-9+.-]*:\/\//i.test(invalid) ? `"${invalid}" has a scheme — write brokers as host:port, for example 127.0.0.1:9092` : `"${invalid}" is not host:port — write each broker as host:port, for example 127.0.0.1:9092`;
      const sasl = values.saslMechanism === 'none' ? undefined : { mechanism: values.saslMechanism, username: values.username.trim(), password: values.password };
      if (sasl && sasl.username === '') errors.username = `Username is required for SASL ${values.saslMechanism.toUpperCase()} — type it, or choose no SASL`;
      return { kind: 'kafka', brokers, ...withDefined({ clientId: optional(values.clientId), sasl }), allowAutoTopicCreation: values.allowAutoTopicCreation };
    }
    case 'grpc':
      return {
        kind: 'grpc',
        host,
        port: portNumber,
        protoFiles: lines(values.protoFiles),
        includeDirs: lines(values.includeDirs),
        loader: { keepCase: values.keepCase, longs: values.longs, enums: values.enums, defaults: values.defaults, oneofs: values.oneofs },
      };
  }
}

function parseQueueOptions(text: string, errors: ConnectionFormErrors): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    errors.queueOptions = 'Queue options are not valid JSON — write an object such as {"arguments":{"x-message-ttl":60000}}, or leave it empty';
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    errors.queueOptions = 'Queue options must be a JSON object such as {"exclusive":false}';
    return {};
  }
  if ('durable' in value) {
    errors.queueOptions = 'Set durability with "Durable queue" above — remove "durable" from the JSON';
    return {};
  }
  return value as Record<string, unknown>;
}

function tlsOptions(values: ConnectionFormValues): TlsOptions {
  return {
    ...(values.ca.trim() ? { ca: values.ca.trim() } : {}),
    ...(values.cert.trim() ? { cert: values.cert.trim() } : {}),
    ...(values.key.trim() ? { key: values.key.trim() } : {}),
    ...(values.servername.trim() ? { servername: values.servername.trim() } : {}),
    rejectUnauthorized: values.verifyServerCertificate,
  };
}

const fieldsByTargetKey: Record<string, ConnectionFormField> = {
  host: 'host',
  port: 'port',
  maxFrameMiB: 'maxFrameMiB',
  db: 'db',
  username: 'username',
  password: 'password',
  vhost: 'vhost',
  queue: 'queue',
  queueOptions: 'queueOptions',
  exchange: 'exchange',
  exchangeType: 'exchangeType',
  routingKey: 'routingKey',
  brokers: 'brokers',
  clientId: 'clientId',
  protoFiles: 'protoFiles',
  includeDirs: 'includeDirs',
};

function fieldForPath(path: readonly PropertyKey[]): ConnectionFormField | undefined {
  const [first, second, third] = path;
  if (first === 'name') return 'name';
  if (first === 'options' && (second === 'connectTimeoutMs' || second === 'requestTimeoutMs')) return second;
  if (first !== 'target' || typeof second !== 'string') return undefined;
  if (second === 'tls') {
    if (third === 'ca' || third === 'cert' || third === 'key' || third === 'servername') return third;
    if (third === 'rejectUnauthorized') return 'verifyServerCertificate';
    return undefined;
  }
  if (second === 'sasl') return third === 'mechanism' ? 'saslMechanism' : third === 'username' || third === 'password' ? third : undefined;
  if (second === 'loader') return third === 'keepCase' || third === 'longs' || third === 'enums' || third === 'defaults' || third === 'oneofs' ? third : undefined;
  return fieldsByTargetKey[second];
}

/** Empty means "use the default" (undefined); anything but a positive whole number is NaN. */
function parseTimeout(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return WHOLE_NUMBER.test(trimmed) && Number(trimmed) >= 1 ? Number(trimmed) : Number.NaN;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function withDefined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}
