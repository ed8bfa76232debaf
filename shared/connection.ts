// Connections: what a user asks to connect to, and the live state the engine reports back.
import { z } from 'zod';

export const tlsOptionsSchema = z.object({
  /** PEM text of the CA that signed the server certificate. */
  ca: z.string().optional(),
  /** PEM text of the client certificate and its key, for mutual TLS. */
  cert: z.string().optional(),
  key: z.string().optional(),
  /** Name to check the server certificate against (SNI), when it differs from the host. */
  servername: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
});
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;

const portSchema = z.number().int().min(1, 'Port must be 1 to 65535').max(65535, 'Port must be 1 to 65535');

const hostSchema = z.string().trim().min(1, 'Host is required, for example 127.0.0.1');

/** Largest Nest TCP frame accepted from a peer unless the target says otherwise (nest-wire §2). */
export const DEFAULT_MAX_FRAME_MIB = 64;
/** V8 strings stop at about 512 Mi characters; a frame is held as one string while it arrives. */
export const MAX_FRAME_MIB_LIMIT = 256;

export const tcpTargetSchema = z.object({
  kind: z.literal('tcp'),
  host: hostSchema,
  port: portSchema,
  tls: tlsOptionsSchema.optional(),
  /**
   * Largest frame accepted from the peer, in Mi characters (nest-wire §2 counts UTF-16 code units);
   * a peer announcing more is cut off before anything is buffered. Absent: DEFAULT_MAX_FRAME_MIB.
   */
  maxFrameMiB: z
    .number('Max frame size is a number of MiB, for example 64')
    .positive(`Max frame size must be above 0 MiB — or leave it empty for ${DEFAULT_MAX_FRAME_MIB}`)
    .max(MAX_FRAME_MIB_LIMIT, `Max frame size can be at most ${MAX_FRAME_MIB_LIMIT} MiB`)
    .optional(),
});

/** Nest's Redis transport (nest-wire §3). `mode` leaves room for sentinel and cluster. */
export const redisTargetSchema = z.object({
  kind: z.literal('redis'),
  mode: z.literal('standalone').default('standalone'),
  host: hostSchema,
  port: portSchema,
  username: z.string().optional(),
  password: z.string().optional(),
  db: z.number().int().min(0, 'Database must be 0 or more').default(0),
  tls: tlsOptionsSchema.optional(),
});

/** Nest's RabbitMQ transport (nest-wire §4), with the options of Nest's `RmqOptions`. */
export const rmqTargetSchema = z.object({
  kind: z.literal('rmq'),
  host: hostSchema,
  port: portSchema,
  vhost: z.string().default('/'),
  username: z.string().default('guest'),
  password: z.string().default('guest'),
  tls: tlsOptionsSchema.optional(),
  /** The queue the service consumes. Nest 11.1.4+ defaults to '' and earlier majors to 'default'. */
  queue: z.string().default(''),
  queueOptions: z.record(z.string(), z.json()).default({}),
  /** Skip asserting the queue (Nest's `noAssert`): for queues declared elsewhere. */
  noAssert: z.boolean().default(false),
  persistent: z.boolean().default(false),
  exchange: z.string().optional(),
  exchangeType: z.enum(['direct', 'topic', 'fanout', 'headers']).optional(),
  routingKey: z.string().optional(),
  wildcards: z.boolean().default(false),
});

export const saslSchema = z.object({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1, 'SASL needs a username'),
  password: z.string(),
});

/** Nest's Kafka transport (nest-wire §5). */
export const kafkaTargetSchema = z.object({
  kind: z.literal('kafka'),
  brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'Each broker is host:port, e.g. 127.0.0.1:9092')).min(1, 'Give at least one broker, e.g. 127.0.0.1:9092'),
  clientId: z.string().default('patchbay'),
  tls: tlsOptionsSchema.optional(),
  sasl: saslSchema.optional(),
  /** Let the broker create a missing reply topic when Patchbay subscribes (kafkajs' and Nest's default). */
  allowAutoTopicCreation: z.boolean().default(true),
});

/** proto-loader options; Nest passes them through untouched, so these are proto-loader's defaults. */
export const protoLoaderOptionsSchema = z.object({
  keepCase: z.boolean().default(false),
  longs: z.enum(['String', 'Number', 'Long']).default('Long'),
  enums: z.enum(['String', 'Number']).default('Number'),
  defaults: z.boolean().default(false),
  oneofs: z.boolean().default(false),
});

/** Nest's gRPC transport (nest-wire §6): a .proto, or server reflection when none is given. */
export const grpcTargetSchema = z.object({
  kind: z.literal('grpc'),
  host: hostSchema,
  port: portSchema,
  tls: tlsOptionsSchema.optional(),
  /** Paths of .proto files; empty means ask the server by reflection. */
  protoFiles: z.array(z.string()).default([]),
  includeDirs: z.array(z.string()).default([]),
  loader: protoLoaderOptionsSchema.default(protoLoaderOptionsSchema.parse({})),
});

/** One member per transport. */
export const connectionTargetSchema = z.discriminatedUnion('kind', [tcpTargetSchema, redisTargetSchema, rmqTargetSchema, kafkaTargetSchema, grpcTargetSchema]);
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;
export type TransportKind = ConnectionTarget['kind'];
export type TargetOf<K extends TransportKind> = Extract<ConnectionTarget, { kind: K }>;

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export const connectionOptionsSchema = z.object({
  connectTimeoutMs: z.number().int().positive().default(DEFAULT_CONNECT_TIMEOUT_MS),
  requestTimeoutMs: z.number().int().positive().default(DEFAULT_REQUEST_TIMEOUT_MS),
});
export type ConnectionOptions = z.infer<typeof connectionOptionsSchema>;

export const connectionStates = ['connecting', 'ready', 'reconnecting', 'failed', 'closed'] as const;
export const connectionStateSchema = z.enum(connectionStates);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const connectionInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  target: connectionTargetSchema,
  options: connectionOptionsSchema,
  state: connectionStateSchema,
  /** Why the connection is not ready, in words the user can act on. */
  lastError: z.string().optional(),
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  nextRetryAt: z.number().optional(),
});
export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;

/** A short human label such as `tcp://127.0.0.1:3001`; never shows a password. */
export function describeTarget(target: ConnectionTarget): string {
  switch (target.kind) {
    case 'tcp':
      return `${target.tls ? 'tcp+tls' : 'tcp'}://${target.host}:${target.port}`;
    case 'redis':
      return `${target.tls ? 'rediss' : 'redis'}://${target.username ? `${target.username}@` : ''}${target.host}:${target.port}${target.db ? `/${target.db}` : ''}`;
    case 'rmq':
      return `${target.tls ? 'amqps' : 'amqp'}://${target.host}:${target.port}${target.vhost === '/' ? '' : `/${encodeURIComponent(target.vhost)}`}${target.queue ? ` → ${target.queue}` : ''}`;
    case 'kafka':
      return `kafka://${target.brokers.join(',')}`;
    case 'grpc':
      return `${target.tls ? 'grpcs' : 'grpc'}://${target.host}:${target.port}`;
  }
}
